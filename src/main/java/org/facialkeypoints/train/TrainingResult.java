package org.facialkeypoints.train;

import org.facialkeypoints.bundle.ModelBundle;

import java.util.List;

/**
 * The outcome of a run: the model from the best epoch, the model from the last one, every epoch's report, and why
 * the run stopped ("completed", "cancelled", or a sentence about what went wrong).
 */
public record TrainingResult(ModelBundle best, ModelBundle last, List<EpochReport> history, String stopReason,
                             double seconds) {

    public boolean completed() { return "completed".equals(stopReason); }

    public EpochReport bestEpoch() {
        return history.stream().filter(EpochReport::best).reduce((a, b) -> b).orElse(null);
    }
}
