package org.facialkeypoints.image;

import org.facialkeypoints.geometry.Affine2D;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResamplingTest {

    static double[] centroid(GrayImage g) {
        double sx = 0, sy = 0, s = 0;
        for (int y = 0; y < g.height(); y++) {
            for (int x = 0; x < g.width(); x++) {
                double v = g.get(x, y);
                sx += v * x;
                sy += v * y;
                s += v;
            }
        }
        return new double[] {sx / s, sy / s};
    }

    @Test
    void shrinkingAveragesExactlyAndKeepsTheMean() {
        GrayImage g = new GrayImage(8, 4);
        for (int i = 0; i < g.pixels().length; i++) g.pixels()[i] = i % 7;
        GrayImage small = Resampling.resize(g, 2, 1);
        double mean = 0;
        for (float v : g.pixels()) mean += v / 32;
        assertEquals(mean, (small.get(0, 0) + small.get(1, 0)) / 2, 1e-5);
        // Non-integer factors too: a constant stays constant.
        GrayImage flat = new GrayImage(640, 480);
        java.util.Arrays.fill(flat.pixels(), 17);
        GrayImage r = Resampling.resize(flat, 240, 180);
        for (float v : r.pixels()) assertEquals(17, v, 1e-3);
    }

    @Test
    void aDotMovesWhereThePointMapSays() {
        // A blob centred at (301, 117) in a 640x480 image, shrunk to 80x60.
        GrayImage g = new GrayImage(640, 480);
        for (int y = 113; y <= 121; y++) for (int x = 297; x <= 305; x++) g.set(x, y, 100);
        GrayImage small = Resampling.resize(g, 80, 60);
        Affine2D map = Affine2D.resize(640, 480, 80, 60);
        double[] c = centroid(small);
        assertEquals(map.applyX(301, 117), c[0], 0.05);
        assertEquals(map.applyY(301, 117), c[1], 0.05);
    }

    @Test
    void warpWithTheIdentityCopiesAndShiftsAreExact() {
        GrayImage g = new GrayImage(6, 4);
        for (int i = 0; i < g.pixels().length; i++) g.pixels()[i] = i;
        GrayImage same = Resampling.warp(g, Affine2D.IDENTITY, 6, 4, -1);
        for (int i = 0; i < g.pixels().length; i++) assertEquals(g.pixels()[i], same.pixels()[i], 0);
        // Output (u, v) samples source (u + 2, v + 1); outside is the fill value.
        GrayImage shifted = Resampling.warp(g, Affine2D.translation(2, 1), 6, 4, -1);
        assertEquals(g.get(2, 1), shifted.get(0, 0), 0);
        assertEquals(g.get(5, 3), shifted.get(3, 2), 0);
        assertEquals(-1, shifted.get(5, 3), 0);
    }
}
