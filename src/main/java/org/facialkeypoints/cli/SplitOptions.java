package org.facialkeypoints.cli;

import org.facialkeypoints.data.Dataset;
import org.facialkeypoints.data.DatasetSplit;
import picocli.CommandLine.Option;

/** The validation split of data without the IMM course split, the same for train, evaluate and figures. */
final class SplitOptions {

    @Option(names = "--val-fraction", paramLabel = "F", description = "validation share for data without the IMM "
            + "course split (default 0.2; 0.1 for 300-W crops named lfpw_/helen_/afw_, split by source photo)")
    Double valFraction;

    @Option(names = "--split-seed", paramLabel = "S",
            description = "seed of that random split (default ${DEFAULT-VALUE})")
    long splitSeed = 1;

    DatasetSplit split(Dataset data) {
        return DatasetSplit.auto(data, valFraction, splitSeed);
    }
}
