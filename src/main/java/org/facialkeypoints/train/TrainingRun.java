package org.facialkeypoints.train;

import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.data.DatasetSplit;
import org.facialkeypoints.model.ModelConfig;

import java.nio.file.Path;

/**
 * One run to perform: what to build, on what data, how. {@code startFrom} continues from a trained model
 * (fine-tuning; its configuration must match). {@code checkpointDir}, when set, receives a checkpoint after every
 * epoch, and {@code resume} continues from the checkpoint found there.
 */
public record TrainingRun(ModelConfig config, DatasetSplit data, TrainingSettings settings, ModelBundle startFrom,
                          Path checkpointDir, boolean resume, String device) {

    public TrainingRun(ModelConfig config, DatasetSplit data, TrainingSettings settings) {
        this(config, data, settings, null, null, false, "cpu");
    }

    public TrainingRun withStartFrom(ModelBundle b) { return new TrainingRun(config, data, settings, b, checkpointDir, resume, device); }

    public TrainingRun withCheckpoints(Path dir, boolean resumeFromIt) { return new TrainingRun(config, data, settings, startFrom, dir, resumeFromIt, device); }

    public TrainingRun withDevice(String d) { return new TrainingRun(config, data, settings, startFrom, checkpointDir, resume, d); }
}
