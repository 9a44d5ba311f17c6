package org.facialkeypoints.model;

import org.facialkeypoints.landmarks.Landmarks;

/**
 * Points as heatmaps and back. Each point becomes a Gaussian on a grid {@code outputStride} times coarser than the
 * model input, with standard deviation {@code sigma} times the input's side, discretized at the heatmap's pixel
 * centres and normalized to sum 1. The network outputs logits; a softmax over each map's pixels makes it a
 * distribution. Decoding takes the expected position near the peak (within 3 sigma of the most likely pixel, in a
 * window kept symmetric about it at the map's edges, renormalized), which is unbiased where the plain expectation
 * over the whole map is pulled toward the centre by the map's far pixels; {@link #expectation} is the plain soft-argmax. The confidence of a point is the share of its
 * map's probability within 2 sigma of the decoded position.
 */
public record HeatmapCodec(int points, int width, int height, int inputWidth, int inputHeight, double sigma) implements OutputCodec {

    /** Sigma in heatmap pixels. */
    public double sigmaPixels() { return sigma * Math.max(inputWidth, inputHeight) * width / (double) inputWidth; }

    @Override
    public int targetSize() { return points * width * height; }

    @Override
    public int outputSize() { return points * width * height; }

    /** Input-grid x to heatmap-grid x (pixel centres on both). */
    double toMapX(double u) { return (u + 0.5) * width / inputWidth - 0.5; }

    double toMapY(double v) { return (v + 0.5) * height / inputHeight - 0.5; }

    double toInputX(double mx) { return (mx + 0.5) * inputWidth / width - 0.5; }

    double toInputY(double my) { return (my + 0.5) * inputHeight / height - 0.5; }

    @Override
    public void encode(Landmarks onInputGrid, float[] dst, int offset) {
        double s = sigmaPixels(), inv = 1 / (2 * s * s);
        int plane = width * height;
        for (int p = 0; p < points; p++) {
            double cx = toMapX(onInputGrid.x(p)), cy = toMapY(onInputGrid.y(p));
            int o = offset + p * plane;
            double sum = 0;
            for (int y = 0; y < height; y++) {
                double dy = (y - cy) * (y - cy);
                for (int x = 0; x < width; x++) {
                    double v = Math.exp(-((x - cx) * (x - cx) + dy) * inv);
                    dst[o + y * width + x] = (float) v;
                    sum += v;
                }
            }
            if (!(sum > 1e-30)) {
                // Far outside the grid: all weight on the nearest pixel, the best the map can say.
                java.util.Arrays.fill(dst, o, o + plane, 0f);
                int nx = (int) Math.max(0, Math.min(width - 1, Math.round(cx))), ny = (int) Math.max(0, Math.min(height - 1, Math.round(cy)));
                dst[o + ny * width + nx] = 1f;
            } else {
                for (int i = 0; i < plane; i++) dst[o + i] = (float) (dst[o + i] / sum);
            }
        }
    }

    /** Softmax of each map's logits, in place. */
    public void softmax(float[] values, int offset) {
        int plane = width * height;
        for (int p = 0; p < points; p++) {
            int o = offset + p * plane;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < plane; i++) max = Math.max(max, values[o + i]);
            double sum = 0;
            for (int i = 0; i < plane; i++) {
                double e = Math.exp(values[o + i] - max);
                values[o + i] = (float) e;
                sum += e;
            }
            for (int i = 0; i < plane; i++) values[o + i] = (float) (values[o + i] / sum);
        }
    }

    @Override
    public Decoded decode(float[] logits, int offset) {
        float[] maps = new float[targetSize()];
        System.arraycopy(logits, offset, maps, 0, maps.length);
        softmax(maps, 0);
        return decodeProbabilities(maps, 0);
    }

    /** Points from maps that are already distributions (each sums to 1). */
    public Decoded decodeProbabilities(float[] maps, int offset) {
        int plane = width * height;
        double[] x = new double[points], y = new double[points], conf = new double[points];
        double radius = 3 * sigmaPixels(), r2 = radius * radius, near = 4 * sigmaPixels() * sigmaPixels();
        for (int p = 0; p < points; p++) {
            int o = offset + p * plane, best = 0;
            for (int i = 1; i < plane; i++) if (maps[o + i] > maps[o + best]) best = i;
            int bx = best % width, by = best / width;
            double sx = 0, sy = 0, s = 0;
            // The window is symmetric about the peak, shrunk where the map ends, so truncation does not pull the
            // expectation toward the middle of the map.
            int rx = (int) Math.min(Math.ceil(radius), Math.min(bx, width - 1 - bx)), ry = (int) Math.min(Math.ceil(radius), Math.min(by, height - 1 - by));
            int x0 = bx - rx, x1 = bx + rx, y0 = by - ry, y1 = by + ry;
            for (int yy = y0; yy <= y1; yy++) {
                for (int xx = x0; xx <= x1; xx++) {
                    if ((xx - bx) * (xx - bx) + (yy - by) * (yy - by) > r2) continue;
                    double v = maps[o + yy * width + xx];
                    sx += v * xx;
                    sy += v * yy;
                    s += v;
                }
            }
            double mx = s > 0 ? sx / s : bx, my = s > 0 ? sy / s : by;
            // Near an edge the window is cut short and its mean leans toward the peak pixel; there the peak's
            // log-parabola (exact for a sampled Gaussian) places it instead.
            if (rx < Math.ceil(radius) && bx > 0 && bx < width - 1) mx = bx + logParabola(maps, o + by * width + bx, 1);
            if (ry < Math.ceil(radius) && by > 0 && by < height - 1) my = by + logParabola(maps, o + by * width + bx, width);
            double mass = 0;
            int cx0 = (int) Math.max(0, Math.floor(mx - 2 * sigmaPixels())), cx1 = (int) Math.min(width - 1, Math.ceil(mx + 2 * sigmaPixels()));
            int cy0 = (int) Math.max(0, Math.floor(my - 2 * sigmaPixels())), cy1 = (int) Math.min(height - 1, Math.ceil(my + 2 * sigmaPixels()));
            for (int yy = cy0; yy <= cy1; yy++) {
                for (int xx = cx0; xx <= cx1; xx++) {
                    if ((xx - mx) * (xx - mx) + (yy - my) * (yy - my) <= near) mass += maps[o + yy * width + xx];
                }
            }
            x[p] = toInputX(mx);
            y[p] = toInputY(my);
            conf[p] = Math.max(0, Math.min(1, mass));
        }
        return new Decoded(new Landmarks(x, y), conf);
    }

    /** Sub-pixel offset of a peak from the parabola through the logs of it and its two neighbours. */
    private static double logParabola(float[] maps, int at, int step) {
        double l = Math.log(Math.max(maps[at - step], 1e-30f)), c = Math.log(Math.max(maps[at], 1e-30f)), r = Math.log(Math.max(maps[at + step], 1e-30f));
        double curvature = l - 2 * c + r;
        if (!(curvature < 0)) return 0;
        return Math.max(-0.5, Math.min(0.5, (l - r) / (2 * curvature)));
    }

    /** The plain soft-argmax: each map's expected position over all its pixels. */
    public Landmarks expectation(float[] maps, int offset) {
        int plane = width * height;
        double[] x = new double[points], y = new double[points];
        for (int p = 0; p < points; p++) {
            double sx = 0, sy = 0, s = 0;
            for (int i = 0; i < plane; i++) {
                double v = maps[offset + p * plane + i];
                sx += v * (i % width);
                sy += v * (i / width);
                s += v;
            }
            x[p] = toInputX(sx / s);
            y[p] = toInputY(sy / s);
        }
        return new Landmarks(x, y);
    }
}
