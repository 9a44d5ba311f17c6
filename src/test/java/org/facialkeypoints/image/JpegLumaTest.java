package org.facialkeypoints.image;

import org.facialkeypoints.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Node;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JpegLumaTest {

    @TempDir
    Path dir;

    /** The reduced luma against the full decode's gray shrunk by area averaging: mean and largest difference. */
    private static double[] difference(byte[] jpeg, Path file, int factor) throws Exception {
        JpegLuma.Reduced r = JpegLuma.decode(jpeg, factor);
        GrayImage full = ImageFiles.readGray(file);
        assertEquals(full.width(), r.width());
        assertEquals(full.height(), r.height());
        assertEquals(factor, r.factor());
        GrayImage ref = Resampling.resize(full, full.width() / factor, full.height() / factor);
        assertEquals(ref.width(), r.pixels().width());
        assertEquals(ref.height(), r.pixels().height());
        float[] a = r.pixels().pixels(), b = ref.pixels();
        double sum = 0, max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            sum += d;
            max = Math.max(max, d);
        }
        return new double[] {sum / a.length, max};
    }

    @Test
    void immFacesMatchTheFullDecodeShrunk() throws Exception {
        // Measured over all 240 IMM faces: mean 0.29 / 0.18 / 0.11 / 0.07 gray levels, largest 6.1 / 2.9 / 1.0 / 0.5
        // (factor 1 / 2 / 4 / 8): at full size every pixel carries the full decode's rounding and clipping of colours.
        for (String name : new String[] {"01-1m.jpg", "02-3m.jpg", "33-1m.jpg", "40-6m.jpg"}) {
            Path file = TestData.immFile(name);
            byte[] jpeg = Files.readAllBytes(file);
            for (int factor : new int[] {1, 2, 4, 8}) {
                double[] d = difference(jpeg, file, factor);
                assertTrue(d[0] < (factor == 1 ? 0.45 : 0.3), name + " factor " + factor + ": mean difference " + d[0]);
                assertTrue(d[1] < (factor == 1 ? 8 : 4), name + " factor " + factor + ": largest difference " + d[1]);
            }
        }
    }

    /** A photograph-like test card: smooth shading, a few hard edges and fine noise, so every frequency occurs. */
    private static BufferedImage card(int w, int h, boolean gray) {
        BufferedImage img = new BufferedImage(w, h, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        Random rnd = new Random(w * 31L + h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (int) (120 + 80 * Math.sin(x / 9.0) + 10 * rnd.nextGaussian());
                int g = (int) (100 + 60 * Math.cos(y / 7.0) + (x > w / 2 ? 50 : 0));
                int b = (int) (60 + 100.0 * (x + y) / (w + h));
                r = Math.max(0, Math.min(255, r));
                g = Math.max(0, Math.min(255, g));
                b = Math.max(0, Math.min(255, b));
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    /** Writes a JPEG with the given luma sampling (chroma 1x1), restart interval (0: none) and coding. */
    private static byte[] jpeg(BufferedImage img, int hLuma, int vLuma, int restartInterval, boolean progressive) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            if (progressive) param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            IIOMetadata meta = writer.getDefaultImageMetadata(new ImageTypeSpecifier(img), param);
            if (!progressive) {
                String format = "javax_imageio_jpeg_image_1.0";
                IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
                IIOMetadataNode seq = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
                IIOMetadataNode sof = (IIOMetadataNode) seq.getElementsByTagName("sof").item(0);
                IIOMetadataNode first = (IIOMetadataNode) sof.getElementsByTagName("componentSpec").item(0);
                first.setAttribute("HsamplingFactor", Integer.toString(hLuma));
                first.setAttribute("VsamplingFactor", Integer.toString(vLuma));
                for (int i = 1; i < sof.getElementsByTagName("componentSpec").getLength(); i++) {
                    IIOMetadataNode c = (IIOMetadataNode) sof.getElementsByTagName("componentSpec").item(i);
                    c.setAttribute("HsamplingFactor", "1");
                    c.setAttribute("VsamplingFactor", "1");
                }
                if (restartInterval > 0) {
                    IIOMetadataNode dri = new IIOMetadataNode("dri");
                    dri.setAttribute("interval", Integer.toString(restartInterval));
                    Node sos = seq.getElementsByTagName("sos").item(0);
                    seq.insertBefore(dri, sos);
                }
                meta.setFromTree(format, root);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(img, null, meta), param);
            }
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }

    private Path save(String name, byte[] data) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, data);
        return p;
    }

    @Test
    void everySamplingRestartIntervalAndEdgeMatchesTheFullDecode() throws Exception {
        // Sizes that are not whole blocks or MCUs exercise the padding at the right and bottom edges.
        int[][] sizes = {{160, 120}, {202, 150}, {96, 200}};
        int[][] samplings = {{1, 1}, {2, 1}, {1, 2}, {2, 2}};
        int k = 0;
        for (int[] size : sizes) {
            for (int[] s : samplings) {
                for (int restart : new int[] {0, 1, 7}) {
                    byte[] data = jpeg(card(size[0], size[1], false), s[0], s[1], restart, false);
                    Path file = save("card" + k++ + ".jpg", data);
                    for (int factor : new int[] {1, 2, 4, 8}) {
                        if (size[0] % factor != 0 || size[1] % factor != 0) {
                            assertThrows(JpegLuma.Unsupported.class, () -> JpegLuma.decode(data, factor));
                            continue;
                        }
                        double[] d = difference(data, file, factor);
                        String what = Arrays.toString(size) + " sampling " + Arrays.toString(s) + " restart " + restart + " factor " + factor;
                        assertTrue(d[0] < 0.4, what + ": mean difference " + d[0]);
                        assertTrue(d[1] < 6, what + ": largest difference " + d[1]);
                    }
                }
            }
        }
    }

    @Test
    void grayJpegsToo() throws Exception {
        byte[] data = jpeg(card(120, 88, true), 1, 1, 0, false);
        Path file = save("gray.jpg", data);
        for (int factor : new int[] {1, 2, 4, 8}) {
            double[] d = difference(data, file, factor);
            assertTrue(d[0] < 0.4 && d[1] < 6, "factor " + factor + ": " + Arrays.toString(d));
        }
    }

    @Test
    void whatItCannotReadIsRefusedForTheFullDecoder() throws Exception {
        BufferedImage img = card(64, 48, false);
        assertThrows(JpegLuma.Unsupported.class, () -> JpegLuma.decode(jpeg(img, 2, 2, 0, true), 2), "progressive");
        // An Adobe marker saying the three planes are R, G and B, not luma and chroma.
        byte[] ycc = jpeg(img, 2, 2, 0, false);
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] rgb = new byte[ycc.length + adobe.length];
        System.arraycopy(ycc, 0, rgb, 0, 2);
        System.arraycopy(adobe, 0, rgb, 2, adobe.length);
        System.arraycopy(ycc, 2, rgb, 2 + adobe.length, ycc.length - 2);
        assertThrows(JpegLuma.Unsupported.class, () -> JpegLuma.decode(rgb, 2), "RGB");
        assertThrows(JpegLuma.Unsupported.class, () -> JpegLuma.decode("not a jpeg at all".getBytes(), 2));
        assertThrows(JpegLuma.Unsupported.class, () -> JpegLuma.decode(new byte[0], 2));
        assertNull(JpegLuma.frameSize("GIF89a".getBytes()));
        assertArrayEquals(new int[] {64, 48}, JpegLuma.frameSize(ycc));
    }

    @Test
    void damagedFilesAreRefusedNeverCrashOrHang() throws Exception {
        byte[] good = jpeg(card(96, 64, false), 2, 2, 3, false);
        // Up to 16 bytes before the end: the last blocks' bits are gone, not just the end-of-image marker.
        for (int cut = 0; cut < good.length - 16; cut += 7) {
            byte[] part = Arrays.copyOf(good, cut);
            assertThrows(JpegLuma.Unsupported.class, () -> JpegLuma.decode(part, 2), "cut at " + cut);
        }
        Random rnd = new Random(5);
        int decoded = 0;
        for (int trial = 0; trial < 400; trial++) {
            byte[] bad = good.clone();
            for (int i = 0; i < 1 + rnd.nextInt(4); i++) bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
            try {
                JpegLuma.Reduced r = JpegLuma.decode(bad, 2);
                // Damage inside the entropy-coded data can still decode to some picture: of the declared size.
                assertEquals(r.width() / 2, r.pixels().width());
                assertEquals(r.height() / 2, r.pixels().height());
                for (float v : r.pixels().pixels()) assertTrue(v >= 0 && v <= 255);
                decoded++;
            } catch (JpegLuma.Unsupported expected) {
                assertNotNull(expected.getMessage());
            }
        }
        assertTrue(decoded < 400, "no damaged file was refused");
    }

    @Test
    void aHeaderThatDeclaresMoreThanTheFileCanHoldIsRefusedBeforeAllocating() throws Exception {
        byte[] real = Files.readAllBytes(TestData.immFile("01-1m.jpg"));
        byte[] bomb = Arrays.copyOf(real, 3000);
        int sof = 2;
        while (!((bomb[sof] & 0xff) == 0xFF && (bomb[sof + 1] & 0xff) == 0xC0)) sof++;
        // 20000 x 9000 pixels (180 million, under the size limit) in 3,000 bytes.
        bomb[sof + 5] = (byte) (9000 >> 8);
        bomb[sof + 6] = (byte) 9000;
        bomb[sof + 7] = (byte) (20000 >> 8);
        bomb[sof + 8] = (byte) 20000;
        JpegLuma.Unsupported e = assertThrows(JpegLuma.Unsupported.class, () -> JpegLuma.decode(bomb, 2));
        assertTrue(e.getMessage().contains("cannot fit"), e.getMessage());
    }

    @Test
    void factorIsThePowerOfTwoThatDividesAndStaysAtTheModelsScale() {
        assertEquals(4, JpegLuma.factorFor(640, 480, 4));
        assertEquals(8, JpegLuma.factorFor(640, 480, 9.5));
        assertEquals(2, JpegLuma.factorFor(640, 480, 3.9));
        assertEquals(1, JpegLuma.factorFor(640, 480, 1.5));
        assertEquals(2, JpegLuma.factorFor(202, 150, 8));
        assertEquals(1, JpegLuma.factorFor(641, 480, 8));
    }

    @Test
    void readLumaFallsBackWhereItCannotHelp() throws Exception {
        assertEquals(160, ImageFiles.readLuma(TestData.immFile("33-1m.jpg"), (w, h) -> 4).pixels().width());
        assertEquals(640, ImageFiles.readLuma(TestData.immFile("33-1m.jpg"), (w, h) -> 1).pixels().width(), "full size");
        Path png = dir.resolve("face.png");
        ImageIO.write(card(64, 48, false), "png", png.toFile());
        assertNull(ImageFiles.readLuma(png, (w, h) -> 4));
        Path progressive = save("progressive.jpg", jpeg(card(64, 48, false), 2, 2, 0, true));
        assertNull(ImageFiles.readLuma(progressive, (w, h) -> 4));
        // What no decoder can read is refused here, once, with the sentence open would give.
        Path broken = save("broken.jpg", "not a jpeg".getBytes());
        IOException e = assertThrows(IOException.class, () -> ImageFiles.readLuma(broken, (w, h) -> 4));
        assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
        Path missing = dir.resolve("missing.jpg");
        e = assertThrows(IOException.class, () -> ImageFiles.readLuma(missing, (w, h) -> 4));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    /** The file with every step of the luma quantization table (table 0, 8-bit) set by {@code step}. */
    static byte[] withLumaSteps(byte[] jpeg, java.util.function.IntUnaryOperator step) {
        byte[] d = jpeg.clone();
        for (int p = 2; p + 4 <= d.length && (d[p] & 0xff) == 0xFF && (d[p + 1] & 0xff) != 0xDA; ) {
            int len = (d[p + 2] & 0xff) << 8 | (d[p + 3] & 0xff);
            if ((d[p + 1] & 0xff) == 0xDB) {
                for (int q = p + 4; q < p + 2 + len; ) {
                    int pq = (d[q] & 0xff) >> 4, tq = d[q] & 15;
                    if (pq == 0 && tq == 0) for (int k = 0; k < 64; k++) d[q + 1 + k] = (byte) Math.min(255, step.applyAsInt(d[q + 1 + k] & 0xff));
                    q += 1 + 64 * (pq + 1);
                }
            }
            p += 2 + len;
        }
        return d;
    }

    @Test
    void largeQuantizationStepsGiveTheSameGrayReducedAsFull() throws Exception {
        // Valid files whose blocks overshoot 0..255: the full decode clips every sample, so the reduced one must clip
        // before it averages (averaging first moved points by pixels depending on the decoder, issue 15).
        byte[] photo = Files.readAllBytes(TestData.immFile("01-1m.jpg"));
        java.util.Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("every step 255", withLumaSteps(photo, q -> 255));
        files.put("every step x8", withLumaSteps(photo, q -> q * 8));
        files.put("photo", photo);
        for (var e : files.entrySet()) {
            Path file = save("q.jpg", e.getValue());
            GrayImage imageIo = ImageFiles.readGray(file);
            for (int f : new int[] {1, 2, 4, 8}) {
                // What detection without overlays reads: the reduced luma, or where JpegLuma declines, the full decode.
                JpegLuma.Reduced luma = ImageFiles.readLuma(file, (w, h) -> f);
                GrayImage reduced = luma != null ? luma.pixels() : Resampling.resize(imageIo, 640 / f, 480 / f);
                double other = DecoderComparison.meanAbs(reduced, Resampling.resize(imageIo, reduced.width(), reduced.height()));
                assertTrue(other < 1, e.getKey() + " 1/" + f + ": " + other + " gray levels from the full colour decode");
                if (luma != null && f > 1) {
                    GrayImage full = JpegLuma.decode(e.getValue(), 1).pixels();
                    double own = DecoderComparison.meanAbs(reduced, Resampling.resize(full, reduced.width(), reduced.height()));
                    assertTrue(own < 0.01, e.getKey() + " 1/" + f + ": " + own + " gray levels from its own full decode");
                }
            }
        }
    }
}
