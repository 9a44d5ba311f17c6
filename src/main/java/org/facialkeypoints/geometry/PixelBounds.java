package org.facialkeypoints.geometry;

/**
 * The whole pixels of an image that an affine image of a rectangle covers: pixel x covers x - 0.5 .. x + 0.5, and
 * the result is clipped to the image (empty when the region lies outside it).
 */
public record PixelBounds(int x0, int y0, int x1, int y1) {

    /** The pixels of a {@code width} x {@code height} image that {@code toImage} of the rectangle covers. */
    public static PixelBounds of(Affine2D toImage, double left, double top, double right, double bottom,
                                 int width, int height) {
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (double[] c : new double[][] {{left, top}, {right, top}, {left, bottom}, {right, bottom}}) {
            double x = toImage.applyX(c[0], c[1]), y = toImage.applyY(c[0], c[1]);
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
        }
        return new PixelBounds(Math.max(0, (int) Math.floor(minX + 0.5)), Math.max(0, (int) Math.floor(minY + 0.5)),
                Math.min(width, (int) Math.ceil(maxX + 0.5)), Math.min(height, (int) Math.ceil(maxY + 0.5)));
    }

    public boolean isEmpty() { return x1 <= x0 || y1 <= y0; }

    public int width() { return x1 - x0; }

    public int height() { return y1 - y0; }
}
