package org.facialkeypoints.cli;

import org.facialkeypoints.data.DataPaths;
import picocli.CommandLine.Option;

/** {@code --allow-outside}: whether annotation files may name images outside their folder (train, evaluate). */
final class DataAccessOptions {

    @Option(names = "--allow-outside", description = "let the annotation files name images outside their own folder "
            + "(refused by default: no '..', absolute path or symbolic link leading elsewhere)")
    boolean allowOutside;

    void apply() {
        DataPaths.allowOutside(allowOutside);
    }
}
