package org.facialkeypoints.train;

import org.facialkeypoints.bundle.ModelBundle;

import java.util.List;

/**
 * The outcome of a run: the model from the best epoch, the model from the last one, every epoch's report, why the
 * run stopped, and {@code stopReason}, what a person is told: "completed", "cancelled", or for a failure a sentence
 * about what went wrong and what to change.
 */
public record TrainingOutcome(ModelBundle best, ModelBundle last, List<EpochReport> history, TrainingStop stop,
                              String stopReason, double seconds) {

    public boolean completed() { return stop == TrainingStop.COMPLETED; }

    public EpochReport bestEpoch() {
        return history.stream().filter(EpochReport::best).reduce((a, b) -> b).orElse(null);
    }
}
