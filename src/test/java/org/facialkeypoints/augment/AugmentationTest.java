package org.facialkeypoints.augment;

import org.facialkeypoints.data.AnnotatedSample;
import org.facialkeypoints.geometry.CropWindow;
import org.facialkeypoints.image.CropSource;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.Landmarks;
import org.facialkeypoints.model.CoordinateCodec;
import org.facialkeypoints.model.OutputCodec;
import org.facialkeypoints.train.BatchAssembler;
import org.facialkeypoints.train.TrainingExample;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Points must move exactly as the pixels do: render dots, augment, and find each dot where its point says. */
class AugmentationTest {

    static final int W = 160, H = 120;
    static final LandmarkSet PAIR = new LandmarkSet("pair", List.of("left_dot", "right_dot"), new int[] {1, 0});

    /** A 320x240 image with a bright dot per point (brightness 200 and 100), both inside the face area. */
    static TrainingExample example(CropWindow[] windowOut) {
        GrayImage img = new GrayImage(320, 240);
        double[] xs = {120.3, 201.7}, ys = {90.6, 140.2};
        float[] level = {200, 100};
        for (int p = 0; p < 2; p++) {
            for (int y = 0; y < img.height(); y++) {
                for (int x = 0; x < img.width(); x++) {
                    double d2 = (x - xs[p]) * (x - xs[p]) + (y - ys[p]) * (y - ys[p]);
                    img.set(x, y, img.get(x, y) + (float) (level[p] * Math.exp(-d2 / (2 * 3.0 * 3.0))));
                }
            }
        }
        AnnotatedSample s = new AnnotatedSample(Path.of("synthetic.png"), 320, 240, new Landmarks(xs, ys));
        CropWindow window = CropWindow.wholeImage(320, 240, W, H);
        windowOut[0] = window;
        return new TrainingExample(s, CropSource.prepare(img, window, 0.3), window);
    }

    /** Centroid of intensity in a disc around a guess, on the 0..255 scale (input is v / 255 - 0.5). */
    static double[] dotNear(float[] input, double gx, double gy, double radius) {
        double sx = 0, sy = 0, s = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                if (Math.hypot(x - gx, y - gy) > radius) continue;
                double v = (input[y * W + x] + 0.5) * 255;
                sx += v * x;
                sy += v * y;
                s += v;
            }
        }
        return new double[] {sx / s, sy / s, s};
    }

    static void check(Augmentation aug) {
        TrainingExample ex = example(new CropWindow[1]);
        BatchAssembler b = new BatchAssembler(List.of(ex), AugmentationSettings.NONE, new OutputCodec.Coordinates(2, W, H), PAIR, 1, 0, W, H);
        float[] input = new float[W * H], target = new float[4];
        b.render(ex, aug, input, 0, target, 0);
        Landmarks p = CoordinateCodec.decode(target, 0, 2, W, H);
        for (int i = 0; i < 2; i++) {
            double[] c = dotNear(input, p.x(i), p.y(i), 6 * aug.scale());
            assertEquals(p.x(i), c[0], 0.15, "x of point " + i + " under " + aug);
            assertEquals(p.y(i), c[1], 0.15, "y of point " + i + " under " + aug);
        }
    }

    @Test
    void rotationMovesPointsWithPixels() { check(new Augmentation(Math.toRadians(13), 0, 0, 1, 1, 1, false)); }

    @Test
    void translationMovesPointsWithPixels() { check(new Augmentation(0, 0.08, -0.06, 1, 1, 1, false)); }

    @Test
    void scalingMovesPointsWithPixels() { check(new Augmentation(0, 0, 0, 1.15, 1, 1, false)); }

    @Test
    void everythingAtOnce() { check(new Augmentation(Math.toRadians(-15), -0.1, 0.1, 0.9, 1, 1, true)); }

    @Test
    void manyRandomDrawsKeepPointsOnTheirDots() {
        Random rnd = new Random(3);
        AugmentationSettings s = AugmentationSettings.DEFAULT.withScale(0.9, 1.1).withFlip(true);
        for (int i = 0; i < 20; i++) {
            Augmentation a = Augmentation.draw(s, rnd);
            check(new Augmentation(a.rotationRadians(), a.shiftX(), a.shiftY(), a.scale(), 1, 1, a.flip()));
        }
    }

    @Test
    void aFlipSwapsLeftAndRightPoints() {
        TrainingExample ex = example(new CropWindow[1]);
        BatchAssembler b = new BatchAssembler(List.of(ex), AugmentationSettings.NONE, new OutputCodec.Coordinates(2, W, H), PAIR, 1, 0, W, H);
        float[] input = new float[W * H], target = new float[4];
        b.render(ex, new Augmentation(0, 0, 0, 1, 1, 1, true), input, 0, target, 0);
        Landmarks p = CoordinateCodec.decode(target, 0, 2, W, H);
        // After mirroring, point 0 ("left") is the dot that was on the right: the dimmer one, now on the left.
        double dim = dotNear(input, p.x(0), p.y(0), 6)[2], bright = dotNear(input, p.x(1), p.y(1), 6)[2];
        assertEquals(2, bright / dim, 0.2);
        assertEquals(W - 1 - (201.7 + 0.5) * W / 320 + 0.5, p.x(0), 1e-5);
    }

    @Test
    void photometricJitterChangesValuesNotPositions() {
        TrainingExample ex = example(new CropWindow[1]);
        BatchAssembler b = new BatchAssembler(List.of(ex), AugmentationSettings.NONE, new OutputCodec.Coordinates(2, W, H), PAIR, 1, 0, W, H);
        float[] plain = new float[W * H], jittered = new float[W * H], t1 = new float[4], t2 = new float[4];
        b.render(ex, Augmentation.IDENTITY, plain, 0, t1, 0);
        b.render(ex, new Augmentation(0, 0, 0, 1, 1.2, 0.8, false), jittered, 0, t2, 0);
        for (int i = 0; i < 4; i++) assertEquals(t1[i], t2[i], 0);
        assertNotEquals(plain[W * 45 + 60], jittered[W * 45 + 60]);
    }

    @Test
    void drawsAreReproducibleForASeed() {
        Augmentation a = Augmentation.draw(AugmentationSettings.DEFAULT, new Random(42));
        Augmentation b = Augmentation.draw(AugmentationSettings.DEFAULT, new Random(42));
        assertEquals(a, b);
        assertEquals(false, a.flip());
    }
}
