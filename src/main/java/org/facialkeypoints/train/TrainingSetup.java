package org.facialkeypoints.train;

import org.facialkeypoints.bundle.BuiltinModels;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.data.Dataset;
import org.facialkeypoints.data.DatasetSplit;
import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.Pipeline;

import java.io.IOException;

/**
 * How a run is put together from annotated faces and a user's choices, the same for the command line and Fiji:
 * the points a pipeline learns, the data narrowed to them and split, and a model to fine-tune checked against them.
 */
public final class TrainingSetup {

    private TrainingSetup() {}

    /** The points a pipeline learns from data annotated with {@code data}: the nose tip alone for nose, else all. */
    public static LandmarkSet pointsFor(Pipeline pipeline, LandmarkSet data) {
        return pipeline == Pipeline.NOSE ? LandmarkSets.noseOf(data) : data;
    }

    /**
     * The run of {@code cfg} on {@code data}: the nose pipeline's data narrowed to its point, split the course's way
     * for IMM-named files, else at random ({@code validationFraction}, null for the default, and {@code splitSeed}).
     * A model named by {@code startFrom} (a built-in name or bundle; null or blank: random weights) is continued as
     * it is, its architecture, input and points, once it is found to be of the same pipeline on the same points.
     */
    public static TrainingRun run(Dataset data, ModelConfig cfg, TrainingSettings settings, Double validationFraction,
                                  long splitSeed, String startFrom) throws IOException {
        Pipeline pipeline = cfg.pipeline();
        if (pipeline == Pipeline.NOSE) data = data.selectPoints(cfg.landmarks());
        DatasetSplit split = DatasetSplit.auto(data, validationFraction, splitSeed);
        if (startFrom == null || startFrom.isBlank()) return new TrainingRun(cfg, split, settings);
        ModelBundle start = BuiltinModels.load(startFrom.trim());
        if (start.config().pipeline() != pipeline || !start.config().landmarks().sameAs(cfg.landmarks())) {
            throw new IOException("The model to start from (" + start.config().pipeline() + ", "
                    + start.config().landmarks()
                    + ") does not match the " + pipeline + " pipeline on these points (" + cfg.landmarks() + ")");
        }
        return new TrainingRun(start.config(), split, settings).withStartFrom(start);
    }
}
