package org.facialkeypoints.train;

import org.facialkeypoints.bundle.ModelBundle;

/** Follows a training run; every method is called on the training thread and should return quickly. */
public interface TrainingObserver {

    TrainingObserver NONE = new TrainingObserver() {};

    /** Before the first epoch: the run's size. */
    default void onStart(int epochs, int batchesPerEpoch, int trainFaces, int validationFaces, String device) {}

    default void onBatch(int epoch, int batch, int batches, double loss) {}

    default void onEpoch(EpochReport report) {}

    /** Whether to receive the model as it is after this epoch (costs a copy of the weights). */
    default boolean wantsSnapshot(int epoch) { return false; }

    /** The model after an epoch for which {@link #wantsSnapshot} said yes. */
    default void onSnapshot(int epoch, ModelBundle model) {}

    /** Polled after every batch; true stops the run after that batch, keeping the best model so far. */
    default boolean cancelRequested() { return false; }
}
