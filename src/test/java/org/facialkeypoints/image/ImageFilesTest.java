package org.facialkeypoints.image;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.ByteProcessor;
import org.facialkeypoints.TestData;
import org.facialkeypoints.detect.JpegGrayReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFilesTest {

    @TempDir
    Path dir;

    /** JPEGs and plain PNGs skip ImageJ's slow opener; what comes out must be exactly what ImageJ's opener gives. */
    private static void sameAsImageJ(Path jpeg, int expectedType) throws IOException {
        Opener opener = new Opener();
        opener.setSilentMode(true);
        ImagePlus reference = opener.openImage(jpeg.toString());
        ImagePlus fast = ImageFiles.open(jpeg);
        assertEquals(reference.getType(), fast.getType(), jpeg.toString());
        assertEquals(expectedType, fast.getType(), jpeg.toString());
        assertEquals(reference.getWidth(), fast.getWidth());
        assertEquals(reference.getHeight(), fast.getHeight());
        assertEquals(jpeg.getFileName().toString(), fast.getOriginalFileInfo().fileName);
        assertEquals(jpeg.toAbsolutePath().getParent(), Path.of(fast.getOriginalFileInfo().directory));
        assertArrayEquals(ImageConversion.slices(reference).get(0).pixels(), ImageConversion.slices(fast).get(0).pixels(), jpeg.toString());
    }

    @Test
    void colourJpegsArePixelForPixelImageJs() throws IOException {
        sameAsImageJ(TestData.immFile("33-1m.jpg"), ImagePlus.COLOR_RGB);
        sameAsImageJ(TestData.immFile("01-1m.jpg"), ImagePlus.COLOR_RGB);
        sameAsImageJ(TestData.dlib().resolve("2007_007763.jpg"), ImagePlus.COLOR_RGB);
    }

    @Test
    void grayJpegsArePixelForPixelImageJs() throws IOException {
        ByteProcessor ramp = new ByteProcessor(64, 48);
        for (int y = 0; y < 48; y++) for (int x = 0; x < 64; x++) ramp.set(x, y, (x * 4 + y) & 0xff);
        Path jpeg = dir.resolve("ramp.jpg");
        new FileSaver(new ImagePlus("ramp", ramp)).saveAsJpeg(jpeg.toString());
        sameAsImageJ(jpeg, ImagePlus.GRAY8);
    }

    private Path png(String name, java.awt.image.BufferedImage image) throws IOException {
        Path file = dir.resolve(name);
        assertTrue(javax.imageio.ImageIO.write(image, "png", file.toFile()));
        return file;
    }

    private static java.awt.image.BufferedImage pattern(int type) {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(50, 30, type);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 50; x++) img.setRGB(x, y, ((x * 37 + y * 11) & 0xff) << 24 | (x * 5) << 16 | (y * 8) << 8 | ((x + y) * 3));
        }
        return img;
    }

    /**
     * PNGs: 8-bit gray and RGB go the fast way, everything else (transparency, palettes, 16 bits) through ImageJ's
     * opener; either way the image is ImageJ's, and an RGB PNG whose channels agree stays RGB, as ImageJ keeps it.
     */
    @Test
    void pngsArePixelForPixelImageJs() throws IOException {
        java.awt.image.BufferedImage face = javax.imageio.ImageIO.read(TestData.immFile("33-1m.jpg").toFile());
        sameAsImageJ(png("face.png", face), ImagePlus.COLOR_RGB);
        java.awt.image.BufferedImage grayRgb = new java.awt.image.BufferedImage(40, 20, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 20; y++) for (int x = 0; x < 40; x++) grayRgb.setRGB(x, y, 0x010101 * ((x * 6 + y) & 0xff));
        sameAsImageJ(png("gray-rgb.png", grayRgb), ImagePlus.COLOR_RGB);
        sameAsImageJ(png("gray.png", pattern(java.awt.image.BufferedImage.TYPE_BYTE_GRAY)), ImagePlus.GRAY8);
        sameAsImageJ(png("rgba.png", pattern(java.awt.image.BufferedImage.TYPE_4BYTE_ABGR)), ImagePlus.COLOR_RGB);
        sameAsImageJ(png("palette.png", pattern(java.awt.image.BufferedImage.TYPE_BYTE_INDEXED)), new Opener().openImage(dir.resolve("palette.png").toString()).getType());
        sameAsImageJ(png("sixteen.png", pattern(java.awt.image.BufferedImage.TYPE_USHORT_GRAY)), ImagePlus.GRAY16);
    }

    private static IOException refused(Path file) {
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ImageFiles.open(file), file.toString());
        assertTrue(e.getMessage().contains(file.toString()) && !e.getMessage().contains("\n"), e.getMessage());
        IOException luma = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> JpegGrayReader.read(file, (w, h) -> ReducedGray.factorFor(w, h, 4)), file.toString());
        assertEquals(e.getMessage(), luma.getMessage(), "both readers refuse with the same sentence");
        return e;
    }

    @Test
    void aJpegCutShortIsRefusedNotReadAsAFace() throws IOException {
        byte[] photo = java.nio.file.Files.readAllBytes(TestData.immFile("01-1m.jpg"));
        for (double part : new double[] {0.11, 0.5, 0.99}) {
            Path cut = dir.resolve("cut-" + part + ".jpg");
            java.nio.file.Files.write(cut, java.util.Arrays.copyOf(photo, (int) (photo.length * part)));
            assertTrue(refused(cut).getMessage().contains("cut short"));
        }
    }

    @Test
    void aDeclaredSizeBeyondWhatTheBytesHoldIsRefusedBeforeAnyDecoderAllocates() throws IOException {
        // A small JPEG whose frame header says 20000 x 10000 (exactly the pixel cap): every decoder used to be handed
        // it, and ImageJ's took 2.7 GB and 17 s. A PNG likewise, its IHDR's checksum made to fit.
        BufferedImage small = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(small, "jpg", out);
        byte[] jpeg = out.toByteArray();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(jpeg);
        for (int p = 2; ; p += 2 + (b.getShort(p + 2) & 0xffff)) {
            if ((jpeg[p + 1] & 0xff) == 0xC0) {
                b.putShort(p + 5, (short) 10_000);
                b.putShort(p + 7, (short) 20_000);
                break;
            }
        }
        Path bomb = dir.resolve("bomb.jpg");
        java.nio.file.Files.write(bomb, jpeg);
        long t0 = System.nanoTime();
        assertTrue(refused(bomb).getMessage().contains("20000x10000"));
        out.reset();
        javax.imageio.ImageIO.write(small, "png", out);
        byte[] png = out.toByteArray();
        b = java.nio.ByteBuffer.wrap(png);
        b.putInt(16, 20_000);
        b.putInt(20, 10_000);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17);
        b.putInt(29, (int) crc.getValue());
        Path pngBomb = dir.resolve("bomb.png");
        java.nio.file.Files.write(pngBomb, png);
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ImageFiles.open(pngBomb));
        assertTrue(e.getMessage().contains(pngBomb.toString()) && e.getMessage().contains("20000x10000"), e.getMessage());
        assertTrue((System.nanoTime() - t0) / 1e9 < 2, "refused from the header, not after decoding");
    }

    @Test
    void aJpegNoDecoderReadsIsOneSentenceAndNothingOnStandardError() throws IOException {
        byte[] photo = java.nio.file.Files.readAllBytes(TestData.immFile("01-1m.jpg"));
        // A Huffman table's header made nonsense: ImageJ's decoder used to print its ImageFormatException trace.
        for (int p = 2; ; p += 2 + ((photo[p + 2] & 0xff) << 8 | (photo[p + 3] & 0xff))) {
            if ((photo[p + 1] & 0xff) == 0xC4) {
                photo[p + 4] = (byte) 0xEF;
                break;
            }
        }
        Path bad = dir.resolve("bad-table.jpg");
        java.nio.file.Files.write(bad, photo);
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ImageFiles.open(bad));
            assertTrue(e.getMessage().contains(bad.toString()) && !e.getMessage().contains("\n"), e.getMessage());
        } finally {
            System.setErr(err);
        }
        assertEquals("", captured.toString());
    }

    /**
     * A multi-page TIFF counts all its pages towards the pixel cap, from the page headers alone: two pages of
     * 20000x9000 (each under the cap, 360 M pixels together) in a file of a few hundred bytes are refused before
     * ImageJ's reader allocates them; a small stack of the same layout opens.
     */
    @Test
    void aMultiPageTiffCountsEveryPageTowardsTheCap() throws IOException {
        Path bomb = dir.resolve("pages.tif");
        java.nio.file.Files.write(bomb, tiff(20000, 9000, 2));
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ImageFiles.open(bomb));
        assertTrue(e.getMessage().contains("pages.tif") && e.getMessage().contains("pages hold more than"), e.getMessage());
        Path small = dir.resolve("small.tif");
        java.nio.file.Files.write(small, tiff(4, 4, 3));
        assertEquals(3, ImageFiles.open(small).getStackSize());
    }

    /** An uncompressed 8-bit gray TIFF of the given pages, each w x h in one strip of at most 16 bytes of its own. */
    private static byte[] tiff(int w, int h, int pages) {
        int entries = 9, ifd = 2 + entries * 12 + 4, data = 8 + pages * ifd;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(data + pages * 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        for (int p = 0; p < pages; p++) {
            b.putShort((short) entries);
            int[][] tags = {{256, 4, w}, {257, 4, h}, {258, 3, 8}, {259, 3, 1}, {262, 3, 1}, {273, 4, data + p * Math.min(16, w * h)}, {277, 3, 1},
                {278, 4, h}, {279, 4, Math.min(16, w * h)}};
            for (int[] t : tags) {
                b.putShort((short) t[0]).putShort((short) t[1]).putInt(1);
                if (t[1] == 3) b.putShort((short) t[2]).putShort((short) 0);
                else b.putInt(t[2]);
            }
            b.putInt(p + 1 < pages ? 8 + (p + 1) * ifd : 0);
        }
        return b.array();
    }
}
