package org.facialkeypoints.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.facialkeypoints.engine.DeepLearning;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.landmarks.Landmarks;
import org.facialkeypoints.train.KeypointLoss;
import org.facialkeypoints.train.LossKind;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeatmapCodecTest {

    static final HeatmapCodec CODEC = new HeatmapCodec(68, 56, 56, 224, 224, 0.05);

    static Landmarks randomPoints(long seed, double lo, double hi) {
        Random r = new Random(seed);
        double[] x = new double[68], y = new double[68];
        for (int i = 0; i < 68; i++) {
            x[i] = lo + (hi - lo) * r.nextDouble();
            y[i] = lo + (hi - lo) * r.nextDouble();
        }
        return new Landmarks(x, y);
    }

    @Test
    void encodedMapsAreDistributionsAndDecodeBackWithinHalfAPixel() {
        Landmarks truth = randomPoints(1, 12, 211);
        float[] maps = new float[CODEC.targetSize()];
        CODEC.encode(truth, maps, 0);
        for (int p = 0; p < 68; p++) {
            double sum = 0;
            for (int i = 0; i < 56 * 56; i++) sum += maps[p * 56 * 56 + i];
            assertEquals(1, sum, 1e-4);
        }
        Landmarks back = CODEC.decodeProbabilities(maps, 0).points();
        for (int i = 0; i < 68; i++) {
            assertEquals(truth.x(i), back.x(i), 0.5, "x of point " + i);
            assertEquals(truth.y(i), back.y(i), 0.5, "y of point " + i);
        }
    }

    @Test
    void localExpectationBeatsThePlainSoftArgmaxNearTheBorder() {
        Landmarks truth = randomPoints(2, 0, 20);
        float[] maps = new float[CODEC.targetSize()];
        CODEC.encode(truth, maps, 0);
        Landmarks plain = CODEC.expectation(maps, 0), local = CODEC.decodeProbabilities(maps, 0).points();
        double e1 = 0, e2 = 0;
        for (int i = 0; i < 68; i++) {
            e1 += Math.hypot(plain.x(i) - truth.x(i), plain.y(i) - truth.y(i));
            e2 += Math.hypot(local.x(i) - truth.x(i), local.y(i) - truth.y(i));
        }
        assertTrue(e2 <= e1, "local " + e2 + " vs plain " + e1);
    }

    @Test
    void softmaxOfLogitsSumsToOnePerMapAndConfidenceFollowsSharpness() {
        float[] logits = new float[CODEC.targetSize()];
        Random r = new Random(3);
        for (int i = 0; i < logits.length; i++) logits[i] = (float) r.nextGaussian();
        float[] p = logits.clone();
        CODEC.softmax(p, 0);
        for (int m = 0; m < 68; m++) {
            double s = 0;
            for (int i = 0; i < 56 * 56; i++) s += p[m * 56 * 56 + i];
            assertEquals(1, s, 1e-4);
        }
        float[] sharp = new float[CODEC.targetSize()];
        CODEC.encode(randomPoints(4, 30, 190), sharp, 0);
        double sharpConf = CODEC.decodeProbabilities(sharp, 0).confidence()[0];
        double noiseConf = CODEC.decode(logits, 0).confidence()[0];
        assertTrue(sharpConf > 0.8 && noiseConf < 0.1, sharpConf + " vs " + noiseConf);
    }

    @Test
    void heatmapLossesAreSmallestForTheTargetItself() {
        float[] t = new float[CODEC.targetSize()];
        CODEC.encode(randomPoints(5, 20, 200), t, 0);
        try (NDManager m = DeepLearning.engine().newBaseManager()) {
            NDArray target = m.create(t, new Shape(1, t.length));
            // Logits whose softmax is the target: log of the target.
            NDArray exact = target.add(1e-12f).log();
            NDArray flat = m.zeros(new Shape(1, t.length));
            for (LossKind k : new LossKind[] {LossKind.HEATMAP_MSE_SUM, LossKind.HEATMAP_CROSS_ENTROPY}) {
                KeypointLoss loss = new KeypointLoss(k, true, 68);
                float good = loss.evaluate(new NDList(target), new NDList(exact)).getFloat();
                float bad = loss.evaluate(new NDList(target), new NDList(flat)).getFloat();
                assertTrue(good < bad, k + ": " + good + " vs " + bad);
            }
        }
    }

    @Test
    void uNetPredictsOneMapPerPointAtAQuarterOfTheInput() {
        ModelConfig cfg = Architectures.preset(Pipeline.UNET, "unet", LandmarkSets.IBUG_68);
        try (NDManager m = DeepLearning.engine().newBaseManager()) {
            var block = Networks.create(cfg, m);
            long[] out = block.getOutputShapes(new Shape[] {Networks.inputShape(cfg, 2)})[0].getShape();
            assertEquals(java.util.List.of(2L, 68L, 56L, 56L), java.util.List.of(out[0], out[1], out[2], out[3]));
        }
    }
}
