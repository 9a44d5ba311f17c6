package org.facialkeypoints.cli;

import org.facialkeypoints.engine.DeepLearning;
import picocli.CommandLine.Option;

/** {@code --threads} and {@code --device}: where and how wide the network runs (train, detect, evaluate, bench). */
final class EngineOptions {

    @Option(names = "--threads", paramLabel = "N", description = "libtorch threads (default: all cores)")
    int threads;

    @Option(names = "--device", paramLabel = "D", completionCandidates = OptionTypes.Devices.class,
            description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}: a GPU when the engine sees one)")
    String device = "auto";

    /** Sets libtorch's thread count before the engine's first use; 0 leaves it at all cores. */
    void configureThreads() {
        DeepLearning.configureThreads(threads, 0);
    }
}
