package org.facialkeypoints.detect;

import org.facialkeypoints.TestData;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.image.ImageFiles;
import org.facialkeypoints.image.ReducedGray;
import org.facialkeypoints.image.Resampling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.facialkeypoints.image.JpegTestFiles.card;
import static org.facialkeypoints.image.JpegTestFiles.jpeg;
import static org.facialkeypoints.image.JpegTestFiles.withLumaSteps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What detection without overlays reads from a JPEG must be the full decode's gray, shrunk, or a clear refusal. */
class JpegGrayReaderTest {

    @TempDir
    Path dir;

    private Path save(String name, byte[] data) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, data);
        return p;
    }

    /** The reduced gray against the full colour decode's gray shrunk by area averaging: mean and largest difference. */
    private static double[] difference(Path file, int factor) throws IOException {
        ReducedGray r = JpegGrayReader.read(file, (w, h) -> factor);
        assertNotNull(r, file + " was not read");
        GrayImage full = ImageFiles.readGray(file);
        assertEquals(full.width(), r.width());
        assertEquals(full.height(), r.height());
        assertEquals(factor, r.factor());
        GrayImage ref = Resampling.resize(full, full.width() / factor, full.height() / factor);
        float[] a = r.pixels().pixels(), b = ref.pixels();
        assertEquals(b.length, a.length);
        double sum = 0, max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            sum += d;
            max = Math.max(max, d);
        }
        return new double[] {sum / a.length, max};
    }

    @Test
    void immFacesMatchTheFullColourDecodeShrunk() throws IOException {
        // Measured over all 240 IMM faces (DecoderComparison): at full size every pixel carries the colour decode's
        // rounding and clipping of each colour, which the luma alone does not have.
        for (String name : new String[] {"01-1m.jpg", "02-3m.jpg", "33-1m.jpg", "40-6m.jpg"}) {
            for (int factor : new int[] {1, 2, 4, 8}) {
                double[] d = difference(TestData.immFile(name), factor);
                assertTrue(d[0] < (factor == 1 ? 0.45 : 0.3), name + " factor " + factor + ": mean difference " + d[0]);
                assertTrue(d[1] < (factor == 1 ? 8 : 4), name + " factor " + factor + ": largest difference " + d[1]);
            }
        }
    }

    @Test
    void everySamplingRestartIntervalCodingAndEdgeIsReadAndMatches() throws Exception {
        // Restart markers and the several scans of a progressive file must pass the completeness check; sizes that
        // are not whole blocks or MCUs exercise the padding at the right and bottom edges.
        int[][] sizes = {{160, 120}, {202, 150}, {96, 200}};
        int[][] samplings = {{1, 1}, {2, 1}, {1, 2}, {2, 2}};
        int k = 0;
        for (int[] size : sizes) {
            for (int[] s : samplings) {
                for (int restart : new int[] {0, 1, 7, -1}) {
                    Path file = save("card" + k++ + ".jpg", jpeg(card(size[0], size[1], false), s[0], s[1], Math.max(0, restart), restart < 0));
                    for (int factor : new int[] {1, 2}) {
                        if (size[0] % factor != 0 || size[1] % factor != 0) continue;
                        double[] d = difference(file, factor);
                        String what = Arrays.toString(size) + " sampling " + Arrays.toString(s) + (restart < 0 ? " progressive" : " restart " + restart)
                                + " factor " + factor;
                        assertTrue(d[0] < 0.4, what + ": mean difference " + d[0]);
                        assertTrue(d[1] < 6, what + ": largest difference " + d[1]);
                    }
                }
            }
        }
    }

    @Test
    void grayJpegsToo() throws Exception {
        Path file = save("gray.jpg", jpeg(card(120, 88, true), 1, 1, 0, false));
        for (int factor : new int[] {1, 2, 4, 8}) {
            double[] d = difference(file, factor);
            assertTrue(d[0] < 0.4 && d[1] < 6, "factor " + factor + ": " + Arrays.toString(d));
        }
    }

    @Test
    void largeQuantizationStepsGiveTheSameGrayReducedAsFull() throws Exception {
        // Valid files whose blocks overshoot 0..255: a full decode clips every sample, so the reduced gray must be
        // the mean of clipped samples; libjpeg's scaled decode clips the reduced ones and was 5.8 to 103 gray levels
        // off on these (points moved by pixels depending on --overlay, issue 15). OpenCV's own full gray decode is
        // the reference: ImageIO's libjpeg wraps such samples around where OpenCV's clips them (docs/SECURITY.md).
        byte[] photo = Files.readAllBytes(TestData.immFile("01-1m.jpg"));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("every step 255", withLumaSteps(photo, q -> 255));
        files.put("every step x8", withLumaSteps(photo, q -> q * 8));
        files.put("photo", photo);
        for (var e : files.entrySet()) {
            Path file = save("q.jpg", e.getValue());
            GrayImage full = JpegGrayReader.read(file, (w, h) -> 1).pixels();
            for (int f : new int[] {2, 4, 8}) {
                GrayImage reduced = JpegGrayReader.read(file, (w, h) -> f).pixels();
                double d = meanAbs(reduced, Resampling.resize(full, reduced.width(), reduced.height()));
                assertTrue(d < 0.01, e.getKey() + " 1/" + f + ": " + d + " gray levels from the full decode shrunk");
            }
        }
        assertTrue(difference(save("photo.jpg", photo), 4)[0] < 0.3, "a real photo agrees with ImageIO's colour decode too");
    }

    private static double meanAbs(GrayImage a, GrayImage b) {
        double s = 0;
        for (int i = 0; i < a.pixels().length; i++) s += Math.abs(a.pixels()[i] - b.pixels()[i]);
        return s / a.pixels().length;
    }

    @Test
    void anExifOrientationIsIgnoredAsTheFullDecodeIgnoresIt() throws Exception {
        // OpenCV turns an image by its EXIF tag unless told not to; ImageIO, and so every other path, does not.
        byte[] photo = Files.readAllBytes(TestData.immFile("33-1m.jpg"));
        byte[] exif = {(byte) 0xFF, (byte) 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8,
            0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 3, 0, 0, 0, 0, 0, 0};
        byte[] turned = new byte[photo.length + exif.length];
        System.arraycopy(photo, 0, turned, 0, 2);
        System.arraycopy(exif, 0, turned, 2, exif.length);
        System.arraycopy(photo, 2, turned, 2 + exif.length, photo.length - 2);
        double[] d = difference(save("turned.jpg", turned), 2);
        assertTrue(d[0] < 0.3, "upside down (orientation 3) against the full decode: " + Arrays.toString(d));
    }

    @Test
    void aFileCutAnywhereIsRefusedAsCutShortNamingIt() throws Exception {
        byte[] good = jpeg(card(96, 64, false), 2, 2, 3, false);
        // Up to the last two bytes, the end-of-image marker: libjpeg alone fills the rest with gray and reads it.
        for (int cut = 1; cut < good.length - 1; cut += 7) {
            Path file = save("cut.jpg", Arrays.copyOf(good, cut));
            IOException e = assertThrows(IOException.class, () -> JpegGrayReader.read(file, (w, h) -> 2), "cut at " + cut);
            assertTrue(e.getMessage().contains(file.toString()) && !e.getMessage().contains("\n"), e.getMessage());
            if (cut > 700) assertTrue(e.getMessage().contains("cut short"), e.getMessage());
        }
        Path progressive = jpegCut(jpeg(card(96, 64, false), 2, 2, 0, true), 0.6);
        assertTrue(assertThrows(IOException.class, () -> JpegGrayReader.read(progressive, (w, h) -> 2)).getMessage().contains("cut short"));
    }

    private Path jpegCut(byte[] data, double part) throws IOException {
        return save("cut-" + part + ".jpg", Arrays.copyOf(data, (int) (data.length * part)));
    }

    @Test
    void restartMarkersOutOfOrderAreRefusedAsDamage() throws Exception {
        byte[] good = jpeg(card(96, 64, false), 1, 1, 2, false);
        byte[] bad = good.clone();
        for (int p = good.length - 3; p > 2; p--) {
            if ((bad[p] & 0xff) == 0xFF && (bad[p + 1] & 0xff) == 0xD3) {
                bad[p + 1] = (byte) 0xD5;
                break;
            }
        }
        Path file = save("restarts.jpg", bad);
        IOException e = assertThrows(IOException.class, () -> JpegGrayReader.read(file, (w, h) -> 2));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("restart marker 5 where 3 was due"), e.getMessage());
        assertEquals(e.getMessage(), assertThrows(IOException.class, () -> ImageFiles.open(file)).getMessage(), "open refuses alike");
    }

    @Test
    void damagedDataIsReadAsSomePictureOfItsSizeOrRefusedNeverCrash() throws Exception {
        byte[] good = jpeg(card(96, 64, false), 2, 2, 3, false);
        Random rnd = new Random(5);
        int refused = 0;
        for (int trial = 0; trial < 200; trial++) {
            byte[] bad = good.clone();
            for (int i = 0; i < 1 + rnd.nextInt(4); i++) bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
            Path file = save("bad.jpg", bad);
            try {
                ReducedGray r = JpegGrayReader.read(file, (w, h) -> 2);
                if (r == null) continue;
                assertEquals(r.width() / 2, r.pixels().width());
                assertEquals(r.height() / 2, r.pixels().height());
                for (float v : r.pixels().pixels()) assertTrue(v >= 0 && v <= 255);
            } catch (IOException expected) {
                assertTrue(expected.getMessage().contains(file.toString()), expected.getMessage());
                refused++;
            }
        }
        assertTrue(refused > 0, "no damaged file was refused");
    }

    @Test
    void whatIsNoJpegIsLeftToTheFullReaderAndWhatNoneCanReadIsRefused() throws Exception {
        assertEquals(160, JpegGrayReader.read(TestData.immFile("33-1m.jpg"), (w, h) -> 4).pixels().width());
        assertEquals(640, JpegGrayReader.read(TestData.immFile("33-1m.jpg"), (w, h) -> 1).pixels().width(), "full size");
        Path png = dir.resolve("face.png");
        ImageIO.write(card(64, 48, false), "png", png.toFile());
        assertNull(JpegGrayReader.read(png, (w, h) -> 4));
        Path broken = save("broken.jpg", "not a jpeg".getBytes());
        IOException e = assertThrows(IOException.class, () -> JpegGrayReader.read(broken, (w, h) -> 4));
        assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
        Path missing = dir.resolve("missing.jpg");
        e = assertThrows(IOException.class, () -> JpegGrayReader.read(missing, (w, h) -> 4));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void factorIsThePowerOfTwoThatDividesAndStaysAtTheModelsScale() {
        assertEquals(4, ReducedGray.factorFor(640, 480, 4));
        assertEquals(8, ReducedGray.factorFor(640, 480, 9.5));
        assertEquals(2, ReducedGray.factorFor(640, 480, 3.9));
        assertEquals(1, ReducedGray.factorFor(640, 480, 1.5));
        assertEquals(2, ReducedGray.factorFor(202, 150, 8));
        assertEquals(1, ReducedGray.factorFor(641, 480, 8));
    }
}
