package org.facialkeypoints.cli;

import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.model.ModelConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TrainCommandTest {

    /** The model configuration train builds from these options (plus the --data and --out it requires). */
    private static ModelConfig config(String... argv) throws UsageException {
        TrainCommand train = new TrainCommand(System.out, System.err);
        List<String> args = new ArrayList<>(List.of(argv));
        args.addAll(List.of("--data", "unused", "--out", "unused.zip"));
        train.commandLine().parseArgs(args.toArray(String[]::new));
        return train.config(LandmarkSets.IMM_58);
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
