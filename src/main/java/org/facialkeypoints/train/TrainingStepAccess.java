package org.facialkeypoints.train;

import ai.djl.training.Trainer;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.OutputCodec;

/** The trainer's own step, for benchmarks that measure it without the data pipeline. */
public final class TrainingStepAccess {

    private final TrainingStep step;

    public TrainingStepAccess(Trainer trainer, AdamOptimizer adam, ModelConfig cfg, OutputCodec codec, LossKind loss) {
        this.step = new TrainingStep(trainer, adam, cfg, codec, loss);
    }

    public double run(HostBatch batch, double lr) { return step.run(batch, lr); }
}
