package org.facialkeypoints.model;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.facialkeypoints.engine.DeepLearning;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ArchitecturesTest {

    private static List<String> table(Block b) {
        List<String> rows = new ArrayList<>();
        for (Pair<String, Parameter> p : b.getParameters()) rows.add(p.getKey() + " " + Arrays.toString(p.getValue().getArray().getShape().getShape()));
        return rows;
    }

    @Test
    void noseReferenceIsTheCourseNetLayerForLayer() {
        ModelConfig cfg = Architectures.preset(Pipeline.NOSE, "reference", LandmarkSets.IMM_NOSE);
        assertEquals(80, cfg.inputWidth());
        assertEquals(60, cfg.inputHeight());
        try (NDManager m = DeepLearning.engine().newBaseManager()) {
            Block b = Networks.create(cfg, m);
            assertEquals(129_842, Networks.trainableCount(b));
            assertEquals(List.of(
                    "01Conv2d_weight [12, 1, 7, 7]", "01Conv2d_bias [12]",
                    "04Conv2d_weight [24, 12, 5, 5]", "04Conv2d_bias [24]",
                    "07Conv2d_weight [32, 24, 3, 3]", "07Conv2d_bias [32]",
                    "11Linear_weight [128, 896]", "11Linear_bias [128]",
                    "13Linear_weight [2, 128]", "13Linear_bias [2]"), table(b));
        }
    }

    @Test
    void faceReferenceIsTheCourseNetLayerForLayer() {
        ModelConfig cfg = Architectures.preset(Pipeline.FACE, "reference", LandmarkSets.IMM_58);
        assertEquals(240, cfg.inputWidth());
        assertEquals(180, cfg.inputHeight());
        try (NDManager m = DeepLearning.engine().newBaseManager()) {
            Block b = Networks.create(cfg, m);
            assertEquals(10_458_996, Networks.trainableCount(b));
            List<String> t = table(b);
            assertEquals("01Conv2d_weight [32, 1, 3, 3]", t.get(0));
            assertEquals("16Conv2d_weight [512, 512, 3, 3]", t.get(10));
            assertEquals("20Linear_weight [2048, 3072]", t.get(12));
            assertEquals("22Linear_weight [116, 2048]", t.get(14));
            assertEquals(16, t.size());
        }
    }

    @Test
    void sweepChannelsChangeOnlyTheConvolutions() {
        ModelConfig cfg = Architectures.preset(Pipeline.NOSE, "reference", LandmarkSets.IMM_NOSE)
                .withSetting("channels", ModelConfig.intArray(24, 28, 32));
        try (NDManager m = DeepLearning.engine().newBaseManager()) {
            long expected = (1 * 24 * 49 + 24) + (24 * 28 * 25 + 28) + (28 * 32 * 9 + 32) + (896 * 128 + 128) + (128 * 2 + 2);
            assertEquals(expected, Networks.trainableCount(Networks.create(cfg, m)));
        }
    }

    @Test
    void everyPresetDeclaresItsInputAndOutput() {
        for (Pipeline p : List.of(Pipeline.NOSE, Pipeline.FACE)) {
            for (String name : Architectures.names(p)) {
                ModelConfig cfg = Architectures.preset(p, name, p == Pipeline.NOSE ? LandmarkSets.IMM_NOSE : LandmarkSets.IMM_58);
                try (NDManager m = DeepLearning.engine().newBaseManager()) {
                    Block b = Networks.create(cfg, m);
                    long[] out = b.getOutputShapes(new ai.djl.ndarray.types.Shape[] {Networks.inputShape(cfg, 2)})[0].getShape();
                    assertEquals(List.of(2L, (long) cfg.outputSize()), List.of(out[0], out[1]), p + "/" + name);
                }
            }
        }
    }
}
