package org.facialkeypoints.facedetect;

import ij.ImagePlus;
import org.facialkeypoints.TestData;
import org.facialkeypoints.data.IbugXmlReader;
import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.image.ImageFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YuNetFaceDetectorTest {

    private static YuNetFaceDetector detector;

    @BeforeAll
    static void open() {
        detector = YuNetFaceDetector.open(TestData.yunet(), DetectorSettings.DEFAULT);
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    @Test
    void findsEveryHandDrawnFaceOfDlibsPhotos() throws IOException {
        List<IbugXmlReader.FaceOnImage> truth = new ArrayList<>();
        truth.addAll(IbugXmlReader.boxes(TestData.dlib().resolve("training.xml")));
        truth.addAll(IbugXmlReader.boxes(TestData.dlib().resolve("testing.xml")));
        assertEquals(43, truth.size());
        Map<Path, List<FaceBox>> found = new LinkedHashMap<>();
        List<String> missed = new ArrayList<>();
        for (IbugXmlReader.FaceOnImage face : truth) {
            List<FaceBox> boxes = found.computeIfAbsent(face.image(), YuNetFaceDetectorTest::colourBoxes);
            if (FaceMatching.bestMatch(face.box(), boxes, 0.5) < 0) missed.add(face.image().getFileName() + " " + face.box());
        }
        assertTrue(missed.isEmpty(), "missed " + missed.size() + " of 43 faces: " + missed);
    }

    @Test
    void findsExactlyOneFaceOnEachImmPhoto() throws IOException {
        List<Path> photos;
        try (Stream<Path> s = Files.list(TestData.imm())) {
            photos = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        assertEquals(240, photos.size());
        List<String> wrong = new ArrayList<>();
        for (Path p : photos) {
            Detections d = detector.detect(ImageFiles.readGray(p));
            if (d.faces().size() != 1) wrong.add(p.getFileName() + ": " + d.faces().size());
            else checkFivePointsInsideBox(d.faces().get(0));
        }
        assertTrue(wrong.isEmpty(), "photos without exactly one face: " + wrong);
    }

    /** YuNet's order: the subject's right eye (image left) first, the nose between the eyes and the mouth. */
    private static void checkFivePointsInsideBox(DetectedFace f) {
        FaceBox b = f.box();
        for (int k = 0; k < 5; k++) {
            assertTrue(f.pointX(k) > b.left() && f.pointX(k) < b.right() && f.pointY(k) > b.top() && f.pointY(k) < b.bottom(),
                    "point " + k + " outside " + b);
        }
        assertTrue(f.pointX(DetectedFace.RIGHT_EYE) < f.pointX(DetectedFace.LEFT_EYE));
        assertTrue(f.pointX(DetectedFace.RIGHT_MOUTH_CORNER) < f.pointX(DetectedFace.LEFT_MOUTH_CORNER));
        double eyes = (f.pointY(DetectedFace.RIGHT_EYE) + f.pointY(DetectedFace.LEFT_EYE)) / 2;
        double mouth = (f.pointY(DetectedFace.RIGHT_MOUTH_CORNER) + f.pointY(DetectedFace.LEFT_MOUTH_CORNER)) / 2;
        assertTrue(eyes < f.pointY(DetectedFace.NOSE_TIP) && f.pointY(DetectedFace.NOSE_TIP) < mouth);
    }

    @Test
    void findsNothingOnBlankOrNoise() {
        GrayImage blank = new GrayImage(640, 480);
        Arrays.fill(blank.pixels(), 128f);
        assertEquals(new Detections(List.of(), 0), detector.detect(blank));
        Random r = new Random(14);
        GrayImage noise = new GrayImage(640, 480);
        for (int i = 0; i < noise.pixels().length; i++) noise.pixels()[i] = r.nextInt(256);
        assertEquals(new Detections(List.of(), 0), detector.detect(noise));
        int[] colourNoise = new int[800 * 600];
        for (int i = 0; i < colourNoise.length; i++) colourNoise[i] = 0xff000000 | r.nextInt(1 << 24);
        assertEquals(new Detections(List.of(), 0), detector.detectRgb(colourNoise, 800, 600));
    }

    @Test
    void boxesAreInImageCoordinates() throws IOException {
        // At half size (320 x 240) the padded photo (420 x 340) is not shrunk: YuNet sees the same pixels, moved.
        GrayImage half = halfSize(ImageFiles.readGray(TestData.immFile("01-1m.jpg")));
        DetectedFace a = only(detector.detect(half)), b = only(detector.detect(padded(half, 100)));
        assertShifted(a, b, 100, 6, true);
        // At full size the padded photo (740 x 580) is shrunk to 640 x 502 first; the box still lands 100 px on (a
        // box not scaled back would land 86 px on). YuNet itself moves its box by up to 4% (4.6 px on a 117 px tall box
        // at half size) when the photo sits in a gray margin instead of at the image edge.
        GrayImage full = ImageFiles.readGray(TestData.immFile("01-1m.jpg"));
        DetectedFace c = only(detector.detect(full)), d = only(detector.detect(padded(full, 100)));
        assertShifted(c, d, 100, 9, false);
    }

    private static void assertShifted(DetectedFace a, DetectedFace b, double shift, double tolerance, boolean points) {
        assertEquals(a.box().left() + shift, b.box().left(), tolerance);
        assertEquals(a.box().top() + shift, b.box().top(), tolerance);
        assertEquals(a.box().width(), b.box().width(), tolerance);
        assertEquals(a.box().height(), b.box().height(), tolerance);
        if (points) for (int i = 0; i < 10; i++) assertEquals(a.fivePoints()[i] + shift, b.fivePoints()[i], tolerance, "coordinate " + i);
    }

    private static GrayImage padded(GrayImage photo, int pad) {
        GrayImage out = new GrayImage(photo.width() + pad, photo.height() + pad);
        Arrays.fill(out.pixels(), 128f);
        for (int y = 0; y < photo.height(); y++) {
            System.arraycopy(photo.pixels(), y * photo.width(), out.pixels(), (y + pad) * out.width() + pad, photo.width());
        }
        return out;
    }

    private static GrayImage halfSize(GrayImage g) {
        GrayImage out = new GrayImage(g.width() / 2, g.height() / 2);
        for (int y = 0; y < out.height(); y++) {
            for (int x = 0; x < out.width(); x++) {
                out.set(x, y, (g.get(2 * x, 2 * y) + g.get(2 * x + 1, 2 * y) + g.get(2 * x, 2 * y + 1) + g.get(2 * x + 1, 2 * y + 1)) / 4);
            }
        }
        return out;
    }

    @Test
    void boxesOfAShrunkImageAreScaledBack() throws IOException {
        // 1280 x 960 shrinks by INTER_AREA back to the very pixels of the 640 x 480 photo: only the scaling differs.
        ImagePlus imp = ImageFiles.open(TestData.immFile("01-1m.jpg"));
        int w = imp.getWidth(), h = imp.getHeight();
        int[] argb = (int[]) imp.getProcessor().convertToColorProcessor().getPixels();
        int[] twice = new int[4 * w * h];
        for (int y = 0; y < 2 * h; y++) for (int x = 0; x < 2 * w; x++) twice[y * 2 * w + x] = argb[(y / 2) * w + x / 2];
        DetectedFace a = only(detector.detectRgb(argb, w, h)), b = only(detector.detectRgb(twice, 2 * w, 2 * h));
        // Pixel edges scale, so (c + 0.5) doubles for every coordinate c in this library's pixel-centre convention.
        assertEquals(2 * a.box().width(), b.box().width(), 0.5);
        assertEquals(2 * a.box().height(), b.box().height(), 0.5);
        assertEquals(2 * (a.box().left() + 0.5), b.box().left() + 0.5, 0.5);
        assertEquals(2 * (a.box().top() + 0.5), b.box().top() + 0.5, 0.5);
        assertEquals(a.score(), b.score(), 1e-3);
    }

    @Test
    void tinyFacesAreCountedNotReturned() throws IOException {
        // The photo shrunk to 64 px wide on a 640 px canvas: its face is about 20 x 25 px, the smallest YuNet still
        // finds at 0.85 (at 48 px wide, a 15 px face, it finds nothing).
        GrayImage canvas = tinyFace(64);
        try (YuNetFaceDetector all = YuNetFaceDetector.open(TestData.yunet(), DetectorSettings.DEFAULT.withMinFaceSide(0));
             YuNetFaceDetector strict = YuNetFaceDetector.open(TestData.yunet(), DetectorSettings.DEFAULT.withMinFaceSide(24))) {
            DetectedFace f = only(all.detect(canvas));
            assertTrue(f.box().width() < 24 && f.box().width() > 12, "face box " + f.box());
            assertEquals(new Detections(List.of(), 1), strict.detect(canvas));
        }
        // Shrunk to 40 px wide (a face of about 12 px) the face is below what YuNet finds at all: nothing, not even
        // a too-small count, so the default 12 px floor only matters for faces YuNet does find.
        assertEquals(0, detector.detect(tinyFace(40)).faces().size());
    }

    private static GrayImage tinyFace(int width) throws IOException {
        GrayImage photo = ImageFiles.readGray(TestData.immFile("01-1m.jpg"));
        int f = photo.width() / width, height = photo.height() / f;
        GrayImage canvas = new GrayImage(640, 640);
        Arrays.fill(canvas.pixels(), 128f);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float sum = 0;
                for (int v = 0; v < f; v++) for (int u = 0; u < f; u++) sum += photo.get(x * f + u, y * f + v);
                canvas.set(300 + x, 300 + y, sum / (f * f));
            }
        }
        return canvas;
    }

    @Test
    void refusesAClosedDetectorAndAWrongModel(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        YuNetFaceDetector d = YuNetFaceDetector.open(TestData.yunet(), DetectorSettings.DEFAULT);
        d.close();
        assertThrows(IllegalStateException.class, () -> d.detect(new GrayImage(10, 10)));
        Path junk = Files.write(dir.resolve("junk.onnx"), new byte[1000]);
        FaceDetectorUnavailableException e = assertThrows(FaceDetectorUnavailableException.class,
                () -> YuNetFaceDetector.open(junk, DetectorSettings.DEFAULT));
        assertTrue(e.getMessage().contains(junk.toString()) && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> DetectorSettings.DEFAULT.withScoreThreshold(0));
        assertThrows(IllegalArgumentException.class, () -> DetectorSettings.DEFAULT.withScoreThreshold(1.5));
        assertThrows(IllegalArgumentException.class, () -> DetectorSettings.DEFAULT.withMinFaceSide(-1));
        assertThrows(IllegalArgumentException.class, () -> new DetectorSettings(0.5, 0.3, 0, 640, 12));
        assertThrows(IllegalArgumentException.class, () -> new DetectorSettings(0.5, 0.3, 10, 16, 12));
        assertEquals(0.6, DetectorSettings.DEFAULT.withScoreThreshold(0.6).scoreThreshold());
        assertEquals(640, DetectorSettings.DEFAULT.withScoreThreshold(0.6).maxSide());
    }

    private static DetectedFace only(Detections d) {
        assertEquals(1, d.faces().size(), "faces: " + d.faces());
        return d.faces().get(0);
    }

    private static List<FaceBox> colourBoxes(Path image) {
        try {
            ImagePlus imp = ImageFiles.open(image);
            int[] argb = (int[]) imp.getProcessor().convertToColorProcessor().getPixels();
            return detector.detectRgb(argb, imp.getWidth(), imp.getHeight()).faces().stream().map(DetectedFace::box).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
