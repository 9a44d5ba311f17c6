package org.facialkeypoints.image;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import org.facialkeypoints.TestData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageConversionTest {

    /** A 5 x 3 image whose value is 10 x + y, so a swap of x and y shows. */
    private static ByteProcessor ramp() {
        ByteProcessor bp = new ByteProcessor(5, 3);
        for (int y = 0; y < 3; y++) for (int x = 0; x < 5; x++) bp.set(x, y, 10 * x + y);
        return bp;
    }

    @Test
    void eightBitKeepsValuesAndOrientation() {
        GrayImage g = ImageConversion.toGray(ramp());
        assertEquals(5, g.width());
        assertEquals(3, g.height());
        assertEquals(42, g.get(4, 2), 0);
        assertEquals(21, g.get(2, 1), 0);
        assertEquals(3 * 10 + 0, g.get(3, 0), 0);
    }

    @Test
    void wrappingSharesThePixelArrayWithoutCopying() {
        ByteProcessor bp = ramp();
        var img = ImageConversion.wrap(bp);
        var ra = img.randomAccess();
        ra.setPosition(new long[] {4, 2});
        assertEquals(42, ra.get().getRealDouble(), 0);
        bp.set(4, 2, 7);
        assertEquals(7, ra.get().getRealDouble(), 0);
        FloatProcessor fp = new FloatProcessor(2, 2, new float[] {1, 2, 3, 4});
        GrayImage g = new GrayImage(2, 2, (float[]) fp.getPixels());
        assertSame(fp.getPixels(), g.pixels());
    }

    @Test
    void invertingLutKeepsDarkDark() {
        ByteProcessor bp = ramp();
        bp.invertLut();
        assertEquals(255 - 42, ImageConversion.toGray(bp).get(4, 2), 0);
    }

    @Test
    void rgbBecomesBt601Luma() {
        ColorProcessor cp = new ColorProcessor(2, 1);
        cp.set(0, 0, (255 << 16));          // pure red
        cp.set(1, 0, (10 << 16) | (20 << 8) | 30);
        GrayImage g = ImageConversion.toGray(cp);
        assertEquals(0.299 * 255, g.get(0, 0), 1e-4);
        assertEquals(0.299 * 10 + 0.587 * 20 + 0.114 * 30, g.get(1, 0), 1e-4);
    }

    @Test
    void sixteenAndThirtyTwoBitUseTheDisplayRange() {
        ShortProcessor sp = new ShortProcessor(3, 1);
        sp.set(0, 0, 1000);
        sp.set(1, 0, 2000);
        sp.set(2, 0, 3000);
        sp.setMinAndMax(1000, 3000);
        GrayImage g = ImageConversion.toGray(sp);
        assertEquals(0, g.get(0, 0), 1e-4);
        assertEquals(127.5, g.get(1, 0), 1e-4);
        assertEquals(255, g.get(2, 0), 1e-4);
        FloatProcessor fp = new FloatProcessor(2, 1, new float[] {-1f, 3f});
        fp.resetMinAndMax();
        GrayImage f = ImageConversion.toGray(fp);
        assertEquals(0, f.get(0, 0), 1e-4);
        assertEquals(255, f.get(1, 0), 1e-4);
        // Outside the display range clamps, as ImageJ's 8-bit conversion does.
        fp.setMinAndMax(0, 1);
        assertEquals(255, ImageConversion.toGray(fp).get(1, 0), 1e-4);
    }

    @Test
    void calibrationDoesNotChangePixelCoordinates() {
        ImagePlus imp = new ImagePlus("cal", ramp());
        Calibration cal = new Calibration();
        cal.pixelWidth = 0.25;
        cal.pixelHeight = 4;
        cal.xOrigin = 17;
        imp.setCalibration(cal);
        GrayImage g = ImageConversion.slices(imp).get(0);
        assertEquals(5, g.width());
        assertEquals(42, g.get(4, 2), 0);
    }

    @Test
    void everySliceOfAStack() {
        ImageStack st = new ImageStack(5, 3);
        st.addSlice(ramp());
        ByteProcessor second = ramp();
        second.set(0, 0, 99);
        st.addSlice(second);
        List<GrayImage> slices = ImageConversion.slices(new ImagePlus("stack", st));
        assertEquals(2, slices.size());
        assertEquals(0, slices.get(0).get(0, 0), 0);
        assertEquals(99, slices.get(1).get(0, 0), 0);
    }

    @Test
    void readsRealJpegAndReportsMissingFiles() throws IOException {
        GrayImage g = ImageFiles.readGray(TestData.immFile("01-1m.jpg"));
        assertEquals(640, g.width());
        assertEquals(480, g.height());
        float mean = 0;
        for (float v : g.pixels()) mean += v / g.pixels().length;
        assertTrue(mean > 20 && mean < 230, "plausible mean intensity " + mean);
        IOException e = assertThrows(IOException.class, () -> ImageFiles.readGray(Path.of("no/such/image.jpg")));
        assertTrue(e.getMessage().contains("no/such/image.jpg"));
    }

    @Test
    void damagedImageIsAClearError() throws IOException {
        Path tmp = Files.createTempFile("broken", ".jpg");
        Files.write(tmp, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0x00, 0x01, 0x02});
        try {
            IOException e = assertThrows(IOException.class, () -> ImageFiles.readGray(tmp));
            assertTrue(e.getMessage().contains(tmp.getFileName().toString()), e.getMessage());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
