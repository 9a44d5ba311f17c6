package org.facialkeypoints.image;

/**
 * A single-channel float image in row-major order, intensities on the 0..255 scale of an 8-bit image.
 */
public final class GrayImage {

    private final int width;
    private final int height;
    private final float[] pixels;

    public GrayImage(int width, int height, float[] pixels) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        if (pixels.length != (long) width * height) {
            throw new IllegalArgumentException("pixel array has " + pixels.length + " values for " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.pixels = pixels;
    }

    public GrayImage(int width, int height) { this(width, height, new float[Math.multiplyExact(width, height)]); }

    public int width() { return width; }

    public int height() { return height; }

    /** The backing array; writes show through. */
    public float[] pixels() { return pixels; }

    public float get(int x, int y) { return pixels[y * width + x]; }

    public void set(int x, int y, float v) { pixels[y * width + x] = v; }

    public GrayImage copy() { return new GrayImage(width, height, pixels.clone()); }
}
