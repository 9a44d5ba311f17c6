package org.facialkeypoints.detect;

import org.facialkeypoints.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
                    for (int p = 0; p < a.faces().get(0).points().size(); p++) {
                        assertEquals(a.faces().get(0).points().x(p), b.faces().get(0).points().x(p), 1e-3);
                        assertEquals(a.faces().get(0).points().y(p), b.faces().get(0).points().y(p), 1e-3);
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
                    assertEquals(1, b.faces().size());
                    assertEquals(a.sliceName(0), b.sliceName(0));
                    FaceKeypoints pa = a.faces().get(0), pb = b.faces().get(0);
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
            assertEquals(List.of(1, 3, 1), results.stream().map(r -> r.faces().size()).toList());
            assertEquals("three.tif[2]", results.get(1).sliceName(1));
            for (int s = 0; s < 3; s++) {
                FaceKeypoints alone = d.detect(org.facialkeypoints.image.ImageConversion.slices(new ij.ImagePlus("s", stack.getProcessor(s + 1))).get(0), null);
                FaceKeypoints inStack = results.get(1).faces().get(s);
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

    /** Face-crop models on a folder find the boxes of a whole batch in one run of the face model: the same boxes. */
    @Test
    void boxesFoundInABatchAreTheBoxesFoundOneByOne() throws Exception {
        List<org.facialkeypoints.image.GrayImage> images = new ArrayList<>();
        for (String n : List.of("33-1m", "35-2f", "40-6m")) images.add(org.facialkeypoints.image.ImageFiles.readGray(TestData.immFile(n + ".jpg")));
        try (KeypointDetector face = KeypointDetector.load("face", "cpu")) {
            BoxFinder finder = BoxFinder.fromKeypoints(face);
            List<org.facialkeypoints.geometry.FaceBox> batch = finder.findAll(images);
            for (int i = 0; i < images.size(); i++) {
                org.facialkeypoints.geometry.FaceBox one = finder.find(images.get(i));
                assertEquals(one.left(), batch.get(i).left(), 1e-3);
                assertEquals(one.top(), batch.get(i).top(), 1e-3);
                assertEquals(one.width(), batch.get(i).width(), 1e-3);
                assertEquals(one.height(), batch.get(i).height(), 1e-3);
            }
        }
    }
}
