package org.facialkeypoints.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * A subcommand: the streams it writes to (standard output may be a CSV, so notes go to standard error), the
 * {@code -h/--help} every subcommand takes, and the exit code its {@link #call()} returns.
 */
abstract class CliCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean helpRequested;

    final PrintStream out;
    final PrintStream err;

    CliCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The command's parser and help, built from its annotations; a command adds what annotations cannot hold. */
    CommandLine commandLine() {
        return new CommandLine(this);
    }

    /** An option a mode of the command needs (figures --compare or not, bench --photos or not). */
    static <T> T required(T value, String option) throws UsageException {
        if (value == null) throw new UsageException("missing required option " + option);
        return value;
    }
}
