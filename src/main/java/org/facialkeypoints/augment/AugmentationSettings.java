package org.facialkeypoints.augment;

/**
 * How much random change each training image gets. Rotation in degrees either way, translation as a fraction of
 * the input's width and height either way, scale as a range of factors, brightness and contrast as the largest
 * relative change. Horizontal flips are off by default: they need a correct left/right pairing of the points, and a
 * flipped face is a different person's face, which the course warns can hurt on small data.
 */
public record AugmentationSettings(double maxRotationDegrees, double maxTranslation, double minScale, double maxScale,
                                   double brightness, double contrast, boolean flip) {

    public static final AugmentationSettings NONE = new AugmentationSettings(0, 0, 1, 1, 0, 0, false);
    /** The course's part-2 augmentation: rotation +-15 degrees, shift +-10%, brightness and contrast jitter. */
    public static final AugmentationSettings DEFAULT = new AugmentationSettings(15, 0.10, 1, 1, 0.25, 0.25, false);

    public AugmentationSettings {
        if (maxRotationDegrees < 0 || maxRotationDegrees > 180) throw new IllegalArgumentException("rotation must be 0..180 degrees");
        if (maxTranslation < 0 || maxTranslation > 0.5) throw new IllegalArgumentException("translation must be 0..0.5 of the input size");
        if (!(minScale > 0) || maxScale < minScale || maxScale > 4) throw new IllegalArgumentException("scale range must satisfy 0 < min <= max <= 4");
        if (brightness < 0 || brightness >= 1 || contrast < 0 || contrast >= 1) throw new IllegalArgumentException("brightness and contrast must be in [0, 1)");
    }

    public boolean isNone() {
        return maxRotationDegrees == 0 && maxTranslation == 0 && minScale == 1 && maxScale == 1 && brightness == 0
                && contrast == 0 && !flip;
    }

    public AugmentationSettings withFlip(boolean on) {
        return new AugmentationSettings(maxRotationDegrees, maxTranslation, minScale, maxScale, brightness, contrast, on);
    }

    public AugmentationSettings withRotation(double maxDegrees) {
        return new AugmentationSettings(maxDegrees, maxTranslation, minScale, maxScale, brightness, contrast, flip);
    }

    public AugmentationSettings withTranslation(double max) {
        return new AugmentationSettings(maxRotationDegrees, max, minScale, maxScale, brightness, contrast, flip);
    }

    public AugmentationSettings withScale(double min, double max) {
        return new AugmentationSettings(maxRotationDegrees, maxTranslation, min, max, brightness, contrast, flip);
    }
}
