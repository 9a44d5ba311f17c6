package org.facialkeypoints.geometry;

/**
 * A 2-D affine map x' = a x + b y + c, y' = d x + e y + f. Immutable. {@code p.then(q)} applies p first, then q.
 */
public record Affine2D(double a, double b, double c, double d, double e, double f) {

    public static final Affine2D IDENTITY = new Affine2D(1, 0, 0, 0, 1, 0);

    public static Affine2D translation(double tx, double ty) { return new Affine2D(1, 0, tx, 0, 1, ty); }

    public static Affine2D scaling(double sx, double sy) { return new Affine2D(sx, 0, 0, 0, sy, 0); }

    /** Counter-clockwise on screen (y down) for positive angles. */
    public static Affine2D rotation(double radians) {
        double cos = Math.cos(radians), sin = Math.sin(radians);
        return new Affine2D(cos, sin, 0, -sin, cos, 0);
    }

    /**
     * Maps pixel centres of a w x h grid onto those of a w2 x h2 grid covering the same area: the outer edges
     * (-0.5 and w - 0.5) line up, so x' = (x + 0.5) w2 / w - 0.5.
     */
    public static Affine2D resize(double w, double h, double w2, double h2) {
        double sx = w2 / w, sy = h2 / h;
        return new Affine2D(sx, 0, 0.5 * sx - 0.5, 0, sy, 0.5 * sy - 0.5);
    }

    /** Mirror left to right within a grid of width w: column 0 becomes column w - 1. */
    public static Affine2D horizontalFlip(double w) { return new Affine2D(-1, 0, w - 1, 0, 1, 0); }

    public double applyX(double x, double y) { return a * x + b * y + c; }

    public double applyY(double x, double y) { return d * x + e * y + f; }

    public Affine2D then(Affine2D q) {
        return new Affine2D(
                q.a * a + q.b * d, q.a * b + q.b * e, q.a * c + q.b * f + q.c,
                q.d * a + q.e * d, q.d * b + q.e * e, q.d * c + q.e * f + q.f);
    }

    public double determinant() { return a * e - b * d; }

    /** Geometric mean of the two scale factors. */
    public double scale() { return Math.sqrt(Math.abs(determinant())); }

    public Affine2D inverse() {
        double det = determinant();
        if (det == 0 || !Double.isFinite(det)) throw new IllegalStateException("affine map is not invertible: " + this);
        double ia = e / det, ib = -b / det, id = -d / det, ie = a / det;
        return new Affine2D(ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f));
    }
}
