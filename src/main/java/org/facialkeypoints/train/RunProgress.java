package org.facialkeypoints.train;

import org.facialkeypoints.bundle.NamedTensor;

import java.util.ArrayList;
import java.util.List;

/** How far a run has come, as checkpoints save and restore it. */
final class RunProgress {

    int epochsDone;
    double bestScore = Double.POSITIVE_INFINITY;
    List<NamedTensor> bestWeights;
    final List<EpochReport> history = new ArrayList<>();
    /** Seconds trained before this part of the run (a resumed run's earlier parts). */
    double secondsBefore;

    EpochReport bestReport() {
        return history.stream().filter(EpochReport::best).reduce((a, b) -> b).orElse(null);
    }

    EpochReport lastReport() {
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }
}
