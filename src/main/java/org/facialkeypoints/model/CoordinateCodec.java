package org.facialkeypoints.model;

import org.facialkeypoints.landmarks.Landmarks;

/**
 * How a regression model's outputs relate to points on its input grid: x0, y0, x1, y1, ... each as a position
 * across the grid from -0.5 (outer left or top edge) to +0.5 (outer right or bottom edge). Centred targets start
 * near the initial outputs, and on a whole-image model their squared error equals the course's normalized MSE.
 */
public final class CoordinateCodec {

    private CoordinateCodec() {}

    public static void encode(Landmarks onGrid, int w, int h, float[] dst, int offset) {
        for (int i = 0; i < onGrid.size(); i++) {
            dst[offset + 2 * i] = (float) ((onGrid.x(i) + 0.5) / w - 0.5);
            dst[offset + 2 * i + 1] = (float) ((onGrid.y(i) + 0.5) / h - 0.5);
        }
    }

    public static Landmarks decode(float[] values, int offset, int points, int w, int h) {
        double[] x = new double[points], y = new double[points];
        for (int i = 0; i < points; i++) {
            x[i] = (values[offset + 2 * i] + 0.5) * w - 0.5;
            y[i] = (values[offset + 2 * i + 1] + 0.5) * h - 0.5;
        }
        return new Landmarks(x, y);
    }
}
