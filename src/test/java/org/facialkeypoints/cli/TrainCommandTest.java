package org.facialkeypoints.cli;

import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.Pipeline;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TrainCommandTest {

    private static ModelConfig config(String... argv) throws UsageException {
        Args a = Args.parse(argv, Set.of("pipeline", "arch", "channels", "input", "set"), Set.of());
        return TrainCommand.config(a, Pipeline.fromId(a.require("pipeline")), LandmarkSets.IMM_58);
    }

    @Test
    void unetHeatmapsFollowTheOutputStride() throws UsageException {
        assertEquals(56, config("--pipeline", "unet").heatmap().width());
        ModelConfig half = config("--pipeline", "unet", "--set", "output_stride=2");
        assertEquals(112, half.heatmap().width());
        assertEquals(112, half.heatmap().height());
        assertEquals(2, half.intSetting("output_stride", 0));
    }

    @Test
    void inputSizeKeepsTheStride() throws UsageException {
        ModelConfig c = config("--pipeline", "unet", "--set", "output_stride=2", "--input", "128x128");
        assertEquals(64, c.heatmap().width());
    }

    @Test
    void unknownSettingIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> config("--pipeline", "face", "--set", "no_such=1"));
        assertEquals(true, e.getMessage().contains("no_such"));
    }
}
