package org.facialkeypoints.detect;

import org.facialkeypoints.TestData;
import org.facialkeypoints.geometry.FaceBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FolderDetectionTest {

    @TempDir
    Path dir;

    private static List<FolderDetection.ImageResult> run(FolderDetection folder, List<Path> files) throws Exception {
        List<FolderDetection.ImageResult> results = new ArrayList<>();
        folder.run(files, results::add);
        return results;
    }

    /**
     * Without images, JPEGs are decoded at the model's scale, luma only: the points must still be those found on the
     * whole decoded image, to a small fraction of a pixel (measured over all 240 IMM faces: face model 0.05 px on
     * average, 0.27 px at most; nose model 0.06 and 0.19 px), and everything else must behave the same. Face-crop
     * models get the whole photo's luma: their boxes come from the face model, so small shifts pass on to the crop
     * (over all 240 faces: ResNet 0.24 px on average, 4.1 px at most, UNet 0.09 and 7.8 px; their mean error against
     * the IMM annotations unchanged to 0.01 px).
     */
    @Test
    void pointsWithoutImagesAreThePointsFromWholeImages() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String n : List.of("33-1m", "34-3m", "36-5m", "38-2m", "40-6m")) files.add(TestData.immFile(n + ".jpg"));
        Path png = dir.resolve("39-1m.png");
        ImageIO.write(ImageIO.read(TestData.immFile("39-1m.jpg").toFile()), "png", png.toFile());
        files.add(png);
        Path broken = dir.resolve("broken.jpg");
        Files.writeString(broken, "not an image");
        files.add(2, broken);
        for (String model : List.of("face", "nose", "resnet")) {
            try (KeypointDetector d = KeypointDetector.load(model, "cpu")) {
                List<FolderDetection.ImageResult> whole = run(new FolderDetection(d, 4, 1), files);
                List<FolderDetection.ImageResult> points = run(new FolderDetection(d, 4, 2).withoutImages(), files);
                // Reading alongside the network or each core reading and detecting its own batch: the same results.
                List<FolderDetection.ImageResult> overlapped = run(new FolderDetection(d, 3, 2).overlapping(true), files);
                for (int i = 0; i < files.size(); i++) {
                    FolderDetection.ImageResult a = whole.get(i), b = overlapped.get(i);
                    assertEquals(a.file(), b.file());
                    assertEquals(a.error() == null, b.error() == null);
                    if (a.error() != null) continue;
                    FaceKeypoints fa = a.faces().get(0).get(0), fb = b.faces().get(0).get(0);
                    for (int p = 0; p < fa.points().size(); p++) {
                        assertEquals(fa.points().x(p), fb.points().x(p), 1e-3);
                        assertEquals(fa.points().y(p), fb.points().y(p), 1e-3);
                    }
                }
                assertEquals(files.size(), whole.size());
                assertEquals(files.size(), points.size());
                double sum = 0, max = 0;
                int n = 0;
                for (int i = 0; i < files.size(); i++) {
                    FolderDetection.ImageResult a = whole.get(i), b = points.get(i);
                    assertEquals(files.get(i), b.file(), "results in file order");
                    if (files.get(i).equals(broken)) {
                        assertNotNull(b.error());
                        assertTrue(b.error().getMessage().contains("broken.jpg"), b.error().getMessage());
                        continue;
                    }
                    assertNull(b.image());
                    assertNull(b.slices());
                    assertNotNull(a.image());
                    assertEquals(1, b.sliceCount());
                    assertEquals(1, b.faceCount(), "without a face finder the whole image is one face");
                    assertEquals(a.sliceName(0), b.sliceName(0));
                    FaceKeypoints pa = a.faces().get(0).get(0), pb = b.faces().get(0).get(0);
                    for (int p = 0; p < pa.points().size(); p++) {
                        double e = Math.hypot(pa.points().x(p) - pb.points().x(p), pa.points().y(p) - pb.points().y(p));
                        sum += e;
                        max = Math.max(max, e);
                        n++;
                    }
                }
                boolean crop = d.config().pipeline().cropsFaces();
                assertTrue(sum / n < (crop ? 0.6 : 0.15), model + ": mean distance " + sum / n + " px");
                assertTrue(max < (crop ? 5 : 0.6), model + ": largest distance " + max + " px");
            }
        }
    }

    /**
     * A stack brings more slices than a batch holds: the network takes them a batch at a time, and every slice gets
     * the points it gets on its own, in order, with the single images around it.
     */
    @Test
    void stacksLargerThanABatchAreDetectedSliceBySlice() throws Exception {
        List<String> names = List.of("33-1m", "34-3m", "36-5m");
        ij.ImageStack stack = null;
        for (String n : names) {
            ij.process.ImageProcessor ip = ij.IJ.openImage(TestData.immFile(n + ".jpg").toString()).getProcessor().convertToByte(true);
            if (stack == null) stack = new ij.ImageStack(ip.getWidth(), ip.getHeight());
            stack.addSlice(n, ip);
        }
        Path tif = dir.resolve("three.tif");
        assertTrue(new ij.io.FileSaver(new ij.ImagePlus("three", stack)).saveAsTiffStack(tif.toString()));
        List<Path> files = List.of(TestData.immFile("38-2m.jpg"), tif, TestData.immFile("40-6m.jpg"));
        try (KeypointDetector d = KeypointDetector.load("nose", "cpu")) {
            List<FolderDetection.ImageResult> results = run(new FolderDetection(d, 2, 1).withoutImages(), files);
            assertEquals(3, results.size());
            assertEquals(List.of(1, 3, 1), results.stream().map(FolderDetection.ImageResult::sliceCount).toList());
            assertEquals("three.tif[2]", results.get(1).sliceName(1));
            for (int s = 0; s < 3; s++) {
                FaceKeypoints alone = d.detect(org.facialkeypoints.image.ImageConversion.slices(new ij.ImagePlus("s", stack.getProcessor(s + 1))).get(0), null);
                FaceKeypoints inStack = results.get(1).faces().get(s).get(0);
                for (int p = 0; p < alone.points().size(); p++) {
                    assertEquals(alone.points().x(p), inStack.points().x(p), 1e-3);
                    assertEquals(alone.points().y(p), inStack.points().y(p), 1e-3);
                }
            }
        }
    }

    /**
     * The workers share a batch; whole groups while every worker gets one, then the rest shared evenly; every file
     * in exactly one group.
     */
    @Test
    void groupsShareABatchAndTheLastFilesEvenly() {
        assertEquals(java.util.Collections.nCopies(30, 8), FolderDetection.groupSizes(240, 16, 2));
        assertEquals(List.of(8, 8, 8, 8, 4, 4), FolderDetection.groupSizes(40, 16, 2));
        assertEquals(List.of(6, 6, 6, 1, 1), FolderDetection.groupSizes(20, 16, 3));
        assertEquals(List.of(5, 5), FolderDetection.groupSizes(10, 16, 2));
        assertEquals(List.of(4, 3), FolderDetection.groupSizes(7, 16, 2));
        assertEquals(List.of(1), FolderDetection.groupSizes(1, 16, 2));
        assertEquals(List.of(), FolderDetection.groupSizes(0, 16, 2));
        assertEquals(List.of(16, 16, 16), FolderDetection.groupSizes(48, 16, 1));
        assertEquals(java.util.Collections.nCopies(100, 1), FolderDetection.groupSizes(100, 16, 16));
    }

    /**
     * A photo with several faces: the face detector finds each, best score first, each face gets its own points
     * inside its box; given boxes replace the detector's, in their order and without a score; a blank image has none.
     */
    @Test
    void everyFaceOfAPhotoGetsItsOwnPointsAndGivenBoxesReplaceTheDetectors() throws Exception {
        Path group = TestData.dlib().resolve("2008_002506.jpg");
        Path blank = dir.resolve("blank.png");
        ImageIO.write(new java.awt.image.BufferedImage(320, 240, java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png", blank.toFile());
        try (KeypointDetector d = KeypointDetector.load("face68", "cpu")) {
            d.withFaceFinder(DetectorFaceFinder.open(d.config().landmarks(), null, org.facialkeypoints.facedetect.DetectorSettings.DEFAULT, true), true);
            List<FolderDetection.ImageResult> found = run(new FolderDetection(d, 4, 1).withoutImages(), List.of(group, blank));
            List<FaceKeypoints> faces = found.get(0).faces().get(0);
            assertTrue(faces.size() >= 2, "several faces on " + group + ": " + faces.size());
            for (int i = 0; i < faces.size(); i++) {
                FaceKeypoints f = faces.get(i);
                assertEquals(68, f.points().size());
                assertTrue(f.score() >= 0.85 && f.score() <= 1, "score " + f.score());
                if (i > 0) assertTrue(f.score() <= faces.get(i - 1).score(), "best first");
                FaceBox b = f.box();
                for (int p = 0; p < 68; p++) {
                    assertTrue(f.points().x(p) > b.left() - 0.3 * b.width() && f.points().x(p) < b.right() + 0.3 * b.width(), "point inside its face");
                    assertTrue(f.points().y(p) > b.top() - 0.3 * b.height() && f.points().y(p) < b.bottom() + 0.3 * b.height(), "point inside its face");
                }
            }
            assertEquals(0, found.get(1).faceCount(), "nothing on a blank image");

            List<FaceBox> given = List.of(faces.get(1).box(), faces.get(0).box());
            List<FolderDetection.ImageResult> boxed = run(new FolderDetection(d, 4, 1).withoutImages().withBoxes(java.util.Map.of(group, given)), List.of(group));
            List<FaceKeypoints> again = boxed.get(0).faces().get(0);
            assertEquals(2, again.size());
            for (int i = 0; i < 2; i++) {
                assertFalse(again.get(i).hasScore(), "a given box has no detector score");
                assertEquals(given.get(i), again.get(i).box(), "in the given order");
            }
            assertEquals(faces.get(0).points().x(30), again.get(1).points().x(30), 1e-3, "the same box gives the same points");
        }
        try (KeypointDetector whole = KeypointDetector.load("face", "cpu")) {
            assertThrows(IllegalArgumentException.class, () -> new FolderDetection(whole, 4).withBoxes(java.util.Map.of(group, List.of(new FaceBox(0, 0, 50, 50)))),
                    "a whole-image model refuses boxes instead of ignoring them");
        }
    }
}
