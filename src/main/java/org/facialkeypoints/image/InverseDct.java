package org.facialkeypoints.image;

/**
 * The 8x8 inverse DCT of JPEG, in floating point, by the Arai-Agui-Nakajima factorisation: 5 multiplications per
 * row or column instead of 64, for the price of one extra scale factor per coefficient, which callers fold into the
 * quantization step ({@link #scale}). A column whose AC coefficients are all zero (most of them in a photograph) is
 * its DC value throughout and skips the butterflies.
 */
final class InverseDct {

    private InverseDct() {}

    /** AAN's per-frequency factors: 1 for 0, sqrt(2) cos(k pi / 16) for k = 1..7. */
    private static final double[] AAN = new double[8];

    static {
        AAN[0] = 1;
        for (int k = 1; k < 8; k++) AAN[k] = Math.sqrt(2) * Math.cos(k * Math.PI / 16);
    }

    /**
     * What to multiply the coefficient at natural position (u, v) (vertical, horizontal frequency) by before
     * {@link #transform}: the quantization step times AAN's two factors, and the transform's 1/8.
     */
    static float scale(int u, int v, int quantizationStep) {
        return (float) (quantizationStep * AAN[u] * AAN[v] / 8);
    }

    /** In place: scaled coefficients in natural (row-major) order in, the block's samples (before the +128 shift) out. */
    static void transform(float[] b) {
        for (int col = 0; col < 8; col++) {
            if (b[8 + col] == 0 && b[16 + col] == 0 && b[24 + col] == 0 && b[32 + col] == 0 && b[40 + col] == 0
                    && b[48 + col] == 0 && b[56 + col] == 0) {
                float dc = b[col];
                for (int r = 1; r < 8; r++) b[8 * r + col] = dc;
                continue;
            }
            butterflies(b, col, 8);
        }
        for (int row = 0; row < 64; row += 8) butterflies(b, row, 1);
    }

    /** One 1-D inverse transform of the 8 values at b[o], b[o + step], ..., in place. */
    private static void butterflies(float[] b, int o, int step) {
        // Even part: frequencies 0, 2, 4, 6.
        float t0 = b[o], t1 = b[o + 2 * step], t2 = b[o + 4 * step], t3 = b[o + 6 * step];
        float t10 = t0 + t2, t11 = t0 - t2;
        float t13 = t1 + t3, t12 = (t1 - t3) * 1.414213562f - t13;
        float e0 = t10 + t13, e3 = t10 - t13, e1 = t11 + t12, e2 = t11 - t12;
        // Odd part: frequencies 1, 3, 5, 7.
        float t4 = b[o + step], t5 = b[o + 3 * step], t6 = b[o + 5 * step], t7 = b[o + 7 * step];
        float z13 = t6 + t5, z10 = t6 - t5, z11 = t4 + t7, z12 = t4 - t7;
        float o7 = z11 + z13;
        float o11 = (z11 - z13) * 1.414213562f;
        float z5 = (z10 + z12) * 1.847759065f;
        float o10 = 1.082392200f * z12 - z5;
        float o12 = -2.613125930f * z10 + z5;
        float o6 = o12 - o7, o5 = o11 - o6, o4 = o10 + o5;
        b[o] = e0 + o7;
        b[o + 7 * step] = e0 - o7;
        b[o + step] = e1 + o6;
        b[o + 6 * step] = e1 - o6;
        b[o + 2 * step] = e2 + o5;
        b[o + 5 * step] = e2 - o5;
        b[o + 4 * step] = e3 + o4;
        b[o + 3 * step] = e3 - o4;
    }
}
