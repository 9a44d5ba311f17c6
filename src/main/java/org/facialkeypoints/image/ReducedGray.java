package org.facialkeypoints.image;

/**
 * A gray image stored at 1/factor of its original width x height: stored pixel i is the mean of original pixels
 * i factor .. (i + 1) factor - 1 in each direction.
 */
public record ReducedGray(GrayImage pixels, int factor, int width, int height) {

    public ReducedGray {
        if (pixels.width() * factor != width || pixels.height() * factor != height) {
            throw new IllegalArgumentException(pixels.width() + "x" + pixels.height() + " pixels do not store " + width + "x"
                    + height + " at 1/" + factor);
        }
    }

    /**
     * The largest factor among 1, 2, 4 and 8 that divides both sides and shrinks no further than {@code maxFactor}
     * allows.
     */
    public static int factorFor(int width, int height, double maxFactor) {
        for (int f = 8; f > 1; f /= 2) if (f <= maxFactor + 1e-9 && width % f == 0 && height % f == 0) return f;
        return 1;
    }
}
