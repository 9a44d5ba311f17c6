package org.facialkeypoints.landmarks;

import org.facialkeypoints.geometry.Affine2D;

import java.util.Arrays;

/**
 * The positions of one face's points in pixel coordinates, pixel centres at integer positions: the pixel in
 * column 3, row 5 covers x in [2.5, 3.5) and y in [4.5, 5.5). Immutable.
 */
public final class Landmarks {

    private final double[] xs;
    private final double[] ys;

    public Landmarks(double[] xs, double[] ys) {
        if (xs.length != ys.length) throw new IllegalArgumentException("x and y counts differ: " + xs.length + " vs " + ys.length);
        this.xs = xs.clone();
        this.ys = ys.clone();
    }

    /** From interleaved x0, y0, x1, y1, ... */
    public static Landmarks interleaved(double[] xy) {
        if (xy.length % 2 != 0) throw new IllegalArgumentException("odd number of coordinates: " + xy.length);
        double[] x = new double[xy.length / 2];
        double[] y = new double[xy.length / 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = xy[2 * i];
            y[i] = xy[2 * i + 1];
        }
        return new Landmarks(x, y);
    }

    public int size() { return xs.length; }

    public double x(int i) { return xs[i]; }

    public double y(int i) { return ys[i]; }

    public double[] xs() { return xs.clone(); }

    public double[] ys() { return ys.clone(); }

    public double[] interleaved() {
        double[] xy = new double[2 * xs.length];
        for (int i = 0; i < xs.length; i++) {
            xy[2 * i] = xs[i];
            xy[2 * i + 1] = ys[i];
        }
        return xy;
    }

    public Landmarks transformed(Affine2D t) {
        double[] x = new double[xs.length];
        double[] y = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            x[i] = t.applyX(xs[i], ys[i]);
            y[i] = t.applyY(xs[i], ys[i]);
        }
        return new Landmarks(x, y);
    }

    /** Point {@code i} of the result is point {@code order[i]} of this. */
    public Landmarks reordered(int[] order) {
        double[] x = new double[order.length];
        double[] y = new double[order.length];
        for (int i = 0; i < order.length; i++) {
            x[i] = xs[order[i]];
            y[i] = ys[order[i]];
        }
        return new Landmarks(x, y);
    }

    public boolean allFinite() {
        for (int i = 0; i < xs.length; i++) {
            if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i])) return false;
        }
        return true;
    }

    public double minX() { return Arrays.stream(xs).min().orElse(Double.NaN); }

    public double maxX() { return Arrays.stream(xs).max().orElse(Double.NaN); }

    public double minY() { return Arrays.stream(ys).min().orElse(Double.NaN); }

    public double maxY() { return Arrays.stream(ys).max().orElse(Double.NaN); }

    @Override
    public boolean equals(Object o) {
        return o instanceof Landmarks l && Arrays.equals(xs, l.xs) && Arrays.equals(ys, l.ys);
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(xs) + Arrays.hashCode(ys); }

    @Override
    public String toString() { return "Landmarks[" + xs.length + " points]"; }
}
