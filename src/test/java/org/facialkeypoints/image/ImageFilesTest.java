package org.facialkeypoints.image;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.ByteProcessor;
import org.facialkeypoints.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
