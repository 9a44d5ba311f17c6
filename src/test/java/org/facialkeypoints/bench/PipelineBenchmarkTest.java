package org.facialkeypoints.bench;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import org.facialkeypoints.bundle.BuiltinModels;
import org.facialkeypoints.engine.DeepLearning;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.model.Architectures;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.Pipeline;
import org.facialkeypoints.train.TrainingSettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness measures what it says; no timing is asserted. */
class PipelineBenchmarkTest {

    private static ModelConfig tinyNose() {
        return Architectures.preset(Pipeline.NOSE, "reference", LandmarkSets.IMM_NOSE);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, PipelineBenchmark.median(List.of(5.0, 1.0, 3.0)));
        assertEquals(2.5, PipelineBenchmark.median(List.of(4.0, 1.0, 2.0, 3.0)));
        assertTrue(Double.isNaN(PipelineBenchmark.median(List.of())));
    }

    @Test
    void rawTrainingGivesOneSpeedPerBlock() {
        double[] speeds = PipelineBenchmark.rawTrainingBlocks(tinyNose(), TrainingSettings.defaults(Pipeline.NOSE), 2, 3, Device.cpu());
        assertEquals(3, speeds.length);
        for (double v : speeds) assertTrue(v > 0 && Double.isFinite(v), "speed " + v);
    }

    @Test
    void theThreadSweepCoversEveryCountAndRestoresTheSetting() throws IOException {
        DeepLearning.engine();
        int before = JniUtils.getNumThreads();
        List<PipelineBenchmark.ThreadSpeed> sweep = PipelineBenchmark.threadSweep(BuiltinModels.load("nose"),
                TrainingSettings.defaults(Pipeline.NOSE).withBatchSize(2), 2, Device.cpu());
        assertEquals(List.of(1, 2), sweep.stream().map(PipelineBenchmark.ThreadSpeed::threads).toList());
        for (PipelineBenchmark.ThreadSpeed t : sweep) assertTrue(t.trainPerSecond() > 0 && t.inferPerSecond() > 0, t.toString());
        assertEquals(before, JniUtils.getNumThreads());
    }
}
