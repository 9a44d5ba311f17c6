package org.facialkeypoints.train;

import org.facialkeypoints.augment.AugmentationSettings;

/**
 * The knobs of one training run. {@code initialization} is "pytorch" (uniform with bound 1/sqrt(fan-in), what the
 * course's PyTorch layers start from) or "he" (Gaussian with variance 2/fan-in, DJL's default).
 */
public record TrainingSettings(int epochs, int batchSize, double learningRate, Schedule schedule, double weightDecay,
                               long seed, AugmentationSettings augmentation, LossKind loss, String initialization) {

    public TrainingSettings {
        if (epochs < 1 || epochs > 100_000) throw new IllegalArgumentException("epochs must be between 1 and 100000: " + epochs);
        if (batchSize < 1 || batchSize > 4096) throw new IllegalArgumentException("batch size must be between 1 and 4096: " + batchSize);
        if (!(learningRate > 0) || learningRate > 10) throw new IllegalArgumentException("learning rate must be in (0, 10]: " + learningRate);
        if (!(weightDecay >= 0) || weightDecay > 1) throw new IllegalArgumentException("weight decay must be in [0, 1]: " + weightDecay);
        if (!"pytorch".equals(initialization) && !"he".equals(initialization)) {
            throw new IllegalArgumentException("initialization must be 'pytorch' or 'he': " + initialization);
        }
    }

    public static TrainingSettings defaults() {
        return new TrainingSettings(25, 16, 1e-3, Schedule.CONSTANT, 0, 1, AugmentationSettings.DEFAULT, LossKind.MSE, "pytorch");
    }

    /**
     * Each pipeline's defaults, as measured on IMM (docs/RESULTS.md): L1 loss, a cosine schedule and mild random
     * scaling for the regressions; cross-entropy for heatmaps. {@link #defaults()} is the course's recipe.
     * Flips stay off by default, as the course advises; the shipped models' commands turn them on.
     */
    public static TrainingSettings defaults(org.facialkeypoints.model.Pipeline p) {
        TrainingSettings d = defaults();
        return switch (p) {
            case NOSE, FACE, RESNET -> d.withLoss(LossKind.L1).withSchedule(Schedule.COSINE).withAugmentation(AugmentationSettings.DEFAULT.withScale(0.9, 1.1));
            case UNET -> d.withLoss(LossKind.HEATMAP_CROSS_ENTROPY).withSchedule(Schedule.COSINE).withAugmentation(AugmentationSettings.DEFAULT.withScale(0.9, 1.1));
        };
    }

    public TrainingSettings withEpochs(int e) { return new TrainingSettings(e, batchSize, learningRate, schedule, weightDecay, seed, augmentation, loss, initialization); }

    public TrainingSettings withBatchSize(int b) { return new TrainingSettings(epochs, b, learningRate, schedule, weightDecay, seed, augmentation, loss, initialization); }

    public TrainingSettings withLearningRate(double lr) { return new TrainingSettings(epochs, batchSize, lr, schedule, weightDecay, seed, augmentation, loss, initialization); }

    public TrainingSettings withSchedule(Schedule s) { return new TrainingSettings(epochs, batchSize, learningRate, s, weightDecay, seed, augmentation, loss, initialization); }

    public TrainingSettings withWeightDecay(double wd) { return new TrainingSettings(epochs, batchSize, learningRate, schedule, wd, seed, augmentation, loss, initialization); }

    public TrainingSettings withSeed(long s) { return new TrainingSettings(epochs, batchSize, learningRate, schedule, weightDecay, s, augmentation, loss, initialization); }

    public TrainingSettings withAugmentation(AugmentationSettings a) { return new TrainingSettings(epochs, batchSize, learningRate, schedule, weightDecay, seed, a, loss, initialization); }

    public TrainingSettings withLoss(LossKind l) { return new TrainingSettings(epochs, batchSize, learningRate, schedule, weightDecay, seed, augmentation, l, initialization); }

    public TrainingSettings withInitialization(String i) { return new TrainingSettings(epochs, batchSize, learningRate, schedule, weightDecay, seed, augmentation, loss, i); }
}
