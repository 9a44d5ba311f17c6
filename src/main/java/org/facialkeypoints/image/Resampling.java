package org.facialkeypoints.image;

import org.facialkeypoints.geometry.Affine2D;

/**
 * Resizing and affine warping of gray images, both on the pixel-centre convention of
 * {@link org.facialkeypoints.landmarks.Landmarks}.
 */
public final class Resampling {

    private Resampling() {}

    /**
     * Resizes to w x h. Shrinking averages each output pixel's footprint exactly (no aliasing when a 640-pixel face
     * becomes 80 pixels); enlarging interpolates linearly. The two axes are handled separately.
     */
    public static GrayImage resize(GrayImage src, int w, int h) {
        if (w == src.width() && h == src.height()) return src.copy();
        AxisWeights wx = AxisWeights.of(src.width(), w);
        AxisWeights wy = AxisWeights.of(src.height(), h);
        int sw = src.width(), sh = src.height();
        float[] in = src.pixels();
        float[] rows = new float[w * sh];
        for (int y = 0; y < sh; y++) {
            int base = y * sw;
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int k = wx.start[x]; k < wx.start[x + 1]; k++) acc += wx.weight[k] * in[base + wx.index[k]];
                rows[y * w + x] = (float) acc;
            }
        }
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int k = wy.start[y]; k < wy.start[y + 1]; k++) {
                float wgt = (float) wy.weight[k];
                int base = wy.index[k] * w;
                int obase = y * w;
                for (int x = 0; x < w; x++) out[obase + x] += wgt * rows[base + x];
            }
        }
        return new GrayImage(w, h, out);
    }

    /**
     * Fills dst[offset ..] with a w x h image sampled bilinearly from src: output pixel (u, v) takes the source
     * value at outputToSource(u, v). Samples that fall outside the source blend with {@code fill}.
     */
    public static void warp(GrayImage src, Affine2D outputToSource, int w, int h, float fill, float[] dst, int offset) {
        int sw = src.width(), sh = src.height();
        float[] in = src.pixels();
        double a = outputToSource.a(), b = outputToSource.b(), c = outputToSource.c();
        double d = outputToSource.d(), e = outputToSource.e(), f = outputToSource.f();
        for (int v = 0; v < h; v++) {
            double sx = b * v + c, sy = e * v + f;
            int o = offset + v * w;
            for (int u = 0; u < w; u++, sx += a, sy += d) {
                double fx0 = Math.floor(sx), fy0 = Math.floor(sy);
                int x0 = (int) fx0, y0 = (int) fy0;
                float fx = (float) (sx - fx0), fy = (float) (sy - fy0);
                float p00, p10, p01, p11;
                if (x0 >= 0 && y0 >= 0 && x0 + 1 < sw && y0 + 1 < sh) {
                    int i = y0 * sw + x0;
                    p00 = in[i];
                    p10 = in[i + 1];
                    p01 = in[i + sw];
                    p11 = in[i + sw + 1];
                } else if (x0 < -1 || y0 < -1 || x0 >= sw || y0 >= sh) {
                    dst[o + u] = fill;
                    continue;
                } else {
                    p00 = at(in, sw, sh, x0, y0, fill);
                    p10 = at(in, sw, sh, x0 + 1, y0, fill);
                    p01 = at(in, sw, sh, x0, y0 + 1, fill);
                    p11 = at(in, sw, sh, x0 + 1, y0 + 1, fill);
                }
                float top = p00 + fx * (p10 - p00);
                float bottom = p01 + fx * (p11 - p01);
                dst[o + u] = top + fy * (bottom - top);
            }
        }
    }

    public static GrayImage warp(GrayImage src, Affine2D outputToSource, int w, int h, float fill) {
        float[] out = new float[w * h];
        warp(src, outputToSource, w, h, fill, out, 0);
        return new GrayImage(w, h, out);
    }

    private static float at(float[] in, int sw, int sh, int x, int y, float fill) {
        return x < 0 || y < 0 || x >= sw || y >= sh ? fill : in[y * sw + x];
    }

    /** Per output index, which source indices contribute with what weight (compressed rows). */
    private static final class AxisWeights {
        final int[] start;
        final int[] index;
        final double[] weight;

        private AxisWeights(int[] start, int[] index, double[] weight) {
            this.start = start;
            this.index = index;
            this.weight = weight;
        }

        static AxisWeights of(int n, int m) {
            double scale = (double) n / m;
            int[] start = new int[m + 1];
            int cap = m * ((int) Math.ceil(scale) + 2);
            int[] index = new int[cap];
            double[] weight = new double[cap];
            int k = 0;
            for (int j = 0; j < m; j++) {
                start[j] = k;
                if (scale > 1) {
                    double lo = j * scale, hi = (j + 1) * scale;
                    for (int i = (int) Math.floor(lo); i < Math.min(n, (int) Math.ceil(hi)); i++) {
                        double overlap = Math.min(hi, i + 1) - Math.max(lo, i);
                        if (overlap > 1e-12) {
                            index[k] = i;
                            weight[k++] = overlap / scale;
                        }
                    }
                } else {
                    double s = (j + 0.5) * scale - 0.5;
                    int i0 = (int) Math.floor(s);
                    double t = s - i0;
                    int a = Math.max(0, Math.min(n - 1, i0)), b = Math.max(0, Math.min(n - 1, i0 + 1));
                    index[k] = a;
                    weight[k++] = 1 - t;
                    index[k] = b;
                    weight[k++] = t;
                }
            }
            start[m] = k;
            return new AxisWeights(start, index, weight);
        }
    }
}
