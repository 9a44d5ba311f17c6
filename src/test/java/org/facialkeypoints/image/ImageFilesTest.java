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

class ImageFilesTest {

    @TempDir
    Path dir;

    /** JPEGs skip ImageJ's slow opener; what comes out must be exactly what ImageJ's opener gives. */
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
}
