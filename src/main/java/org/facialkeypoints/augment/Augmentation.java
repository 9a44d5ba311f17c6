package org.facialkeypoints.augment;

import org.facialkeypoints.geometry.Affine2D;
import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.Landmarks;

import java.util.Random;

/**
 * One random draw of {@link AugmentationSettings}: a geometric change of the model's input grid, which moves the
 * points exactly as it moves the pixels, and a photometric change of intensities.
 */
public record Augmentation(double rotationRadians, double shiftX, double shiftY, double scale, double brightness,
                           double contrast, boolean flip) {

    public static final Augmentation IDENTITY = new Augmentation(0, 0, 0, 1, 1, 1, false);

    public static Augmentation draw(AugmentationSettings s, Random rnd) {
        double rot = Math.toRadians(uniform(rnd, -s.maxRotationDegrees(), s.maxRotationDegrees()));
        double tx = uniform(rnd, -s.maxTranslation(), s.maxTranslation());
        double ty = uniform(rnd, -s.maxTranslation(), s.maxTranslation());
        double scale = s.minScale() == s.maxScale() ? s.minScale() : Math.exp(uniform(rnd, Math.log(s.minScale()), Math.log(s.maxScale())));
        double b = uniform(rnd, 1 - s.brightness(), 1 + s.brightness());
        double c = uniform(rnd, 1 - s.contrast(), 1 + s.contrast());
        boolean flip = s.flip() && rnd.nextBoolean();
        return new Augmentation(rot, tx, ty, scale, b, c, flip);
    }

    private static double uniform(Random rnd, double lo, double hi) {
        return lo == hi ? lo : lo + (hi - lo) * rnd.nextDouble();
    }

    /** The change of a w x h input grid: scale and rotate about its centre, shift, then mirror if flipped. */
    public Affine2D gridTransform(int w, int h) {
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        Affine2D t = Affine2D.translation(-cx, -cy)
                .then(Affine2D.scaling(scale, scale))
                .then(Affine2D.rotation(rotationRadians))
                .then(Affine2D.translation(cx + shiftX * w, cy + shiftY * h));
        return flip ? t.then(Affine2D.horizontalFlip(w)) : t;
    }

    /** Points already on the input grid, moved with the pixels; a flip also swaps left and right points. */
    public Landmarks movePoints(Landmarks onGrid, int w, int h, LandmarkSet set) {
        Landmarks moved = onGrid.transformed(gridTransform(w, h));
        return flip ? moved.reordered(set.flipPermutation()) : moved;
    }

    /** Brightness scales, contrast stretches about the mean; values stay in 0..255. */
    public void adjustIntensities(float[] pixels, int offset, int length) {
        if (brightness == 1 && contrast == 1) return;
        double mean = 0;
        for (int i = 0; i < length; i++) mean += pixels[offset + i];
        mean /= length;
        for (int i = 0; i < length; i++) {
            double v = ((pixels[offset + i] - mean) * contrast + mean) * brightness;
            pixels[offset + i] = (float) (v < 0 ? 0 : Math.min(255, v));
        }
    }
}
