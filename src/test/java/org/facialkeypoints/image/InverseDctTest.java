package org.facialkeypoints.image;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InverseDctTest {

    /** The inverse DCT by its definition: f(y, x) = 1/4 sum C(u) C(v) F(u, v) cos((2y+1) u pi/16) cos((2x+1) v pi/16). */
    private static double definition(int[] coefficients, int y, int x) {
        double s = 0;
        for (int u = 0; u < 8; u++) {
            for (int v = 0; v < 8; v++) {
                double cu = u == 0 ? Math.sqrt(0.5) : 1, cv = v == 0 ? Math.sqrt(0.5) : 1;
                s += cu * cv / 4 * coefficients[8 * u + v] * Math.cos((2 * y + 1) * u * Math.PI / 16) * Math.cos((2 * x + 1) * v * Math.PI / 16);
            }
        }
        return s;
    }

    private static void assertMatchesDefinition(int[] coefficients, int step) {
        float[] b = new float[64];
        for (int k = 0; k < 64; k++) b[k] = coefficients[k] * InverseDct.scale(k / 8, k % 8, step);
        InverseDct.transform(b);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                double want = definition(coefficients, y, x) * step;
                // Single precision: far below the one gray level that output rounding adds.
                assertEquals(want, b[8 * y + x], 2e-3, "sample (" + y + ", " + x + ")");
            }
        }
    }

    @Test
    void sparseAndDenseBlocksMatchTheDefinition() {
        Random r = new Random(1);
        for (int t = 0; t < 500; t++) {
            int[] c = new int[64];
            int density = 1 + t % 10;
            for (int k = 0; k < 64; k++) c[k] = r.nextInt(10) < density ? r.nextInt(401) - 200 : 0;
            assertMatchesDefinition(c, 1 + t % 7);
        }
    }

    @Test
    void columnsWithoutAcCoefficientsTakeTheShortcutCorrectly() {
        // Only the first row has coefficients: every column is its DC value, which the transform copies down.
        int[] c = new int[64];
        for (int v = 0; v < 8; v++) c[v] = 40 - 10 * v;
        assertMatchesDefinition(c, 3);
        int[] dcOnly = new int[64];
        dcOnly[0] = -96;
        assertMatchesDefinition(dcOnly, 5);
    }
}
