package org.facialkeypoints.geometry;

import org.facialkeypoints.landmarks.Landmarks;

/** A face's bounding rectangle in pixel coordinates: the area from (left, top) spanning width x height. */
public record FaceBox(double left, double top, double width, double height) {

    public FaceBox {
        if (!(width > 0) || !(height > 0) || !Double.isFinite(left) || !Double.isFinite(top)
                || !Double.isFinite(width) || !Double.isFinite(height)) {
            throw new IllegalArgumentException("face box must have finite position and positive size, got "
                    + left + "," + top + " " + width + "x" + height);
        }
    }

    /** The tight box around the points (their extreme pixel edges). */
    public static FaceBox around(Landmarks points) {
        double x0 = points.minX() - 0.5, y0 = points.minY() - 0.5;
        return new FaceBox(x0, y0, points.maxX() + 0.5 - x0, points.maxY() + 0.5 - y0);
    }

    public double centerX() { return left + width / 2; }

    public double centerY() { return top + height / 2; }

    public double right() { return left + width; }

    public double bottom() { return top + height; }
}
