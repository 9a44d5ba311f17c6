package org.facialkeypoints.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import org.facialkeypoints.engine.DeepLearning;
import org.facialkeypoints.engine.LibtorchFlags;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.Networks;
import org.facialkeypoints.model.OutputCodec;

import java.io.IOException;

/**
 * A configuration's network ready to train: built and initialized, with Adam, the configured {@link KeypointLoss}
 * and initialization, on one device, and libtorch's flags set for it (and put back on close). The trainer runs
 * its epochs on one; benchmarks time its steps on ready-made batches, the same steps the trainer takes.
 */
public final class TrainingSession implements AutoCloseable {

    private final Model model;
    private final Trainer trainer;
    private final AdamOptimizer adam;
    private final TrainingStep step;
    private final boolean plainConvolutions;
    private final boolean zeroFill;

    private TrainingSession(ModelConfig cfg, TrainingSettings s, Device device, boolean plainConvolutions,
            boolean zeroFill) {
        this.plainConvolutions = plainConvolutions;
        this.zeroFill = zeroFill;
        Model m = Model.newInstance("keypoints", device, DeepLearning.engine().getEngineName());
        try {
            m.setBlock(Networks.build(cfg));
            adam = new AdamOptimizer((float) s.weightDecay());
            // "he": Gaussian with variance 2 / fan-in (DJL's default); "pytorch": uniform with bound 1 / sqrt(fan-in).
            XavierInitializer init = "he".equals(s.initialization())
                    ? new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2)
                    : new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1);
            KeypointLoss loss = new KeypointLoss(s.loss(), cfg.pipeline().heatmaps(), cfg.landmarks().size());
            DefaultTrainingConfig tc = new DefaultTrainingConfig(loss)
                    .optOptimizer(adam).optDevices(new Device[] {device}).optInitializer(init, Parameter.Type.WEIGHT);
            trainer = m.newTrainer(tc);
            trainer.initialize(Networks.inputShape(cfg, s.batchSize()));
            step = new TrainingStep(trainer, adam, cfg, OutputCodec.of(cfg));
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        this.model = m;
    }

    /**
     * Opens a session for {@code cfg} trained with {@code s} on {@code device}.
     *
     * @throws IOException when the network cannot be trained on this device with this libtorch
     */
    public static TrainingSession open(ModelConfig cfg, TrainingSettings s, Device device) throws IOException {
        DeepLearning.inferenceThread();
        boolean plain = Device.Type.CPU.equals(device.getDeviceType()) && Networks.needsPlainConvolutionsToTrain(cfg);
        if (plain && !LibtorchFlags.plainConvolutions(true)) {
            throw new IOException(cfg.architecture()
                    + " cannot be trained on the CPU with this libtorch: its oneDNN convolutions crash"
                    + " in the backward pass and they could not be switched off here"
                    + (LibtorchFlags.available() ? "" : " (" + LibtorchFlags.missing() + ")")
                    + "; use resnet18 or resnet34, or a GPU");
        }
        boolean zeroFill = Networks.hasUnalignedChannels(cfg) && LibtorchFlags.zeroFillAllocations(true);
        try {
            return new TrainingSession(cfg, s, device, plain, zeroFill);
        } catch (RuntimeException e) {
            resetFlags(plain, zeroFill);
            throw e;
        }
    }

    /** Trains on the batch at learning rate {@code lr}; returns its loss, not finite when the run has diverged. */
    public double step(HostBatch batch, double lr) { return step.run(batch, lr); }

    /** Steps that had to be computed again because of a spurious non-finite gradient. */
    public long recomputedSteps() { return step.recomputed(); }

    Block block() { return model.getBlock(); }

    Trainer trainer() { return trainer; }

    AdamOptimizer adam() { return adam; }

    @Override
    public void close() {
        try {
            trainer.close();
            model.close();
        } finally {
            resetFlags(plainConvolutions, zeroFill);
        }
    }

    private static void resetFlags(boolean plain, boolean zeroFill) {
        if (zeroFill) LibtorchFlags.zeroFillAllocations(false);
        if (plain) LibtorchFlags.plainConvolutions(false);
    }
}
