package org.facialkeypoints.cli;

import org.facialkeypoints.engine.EngineUnavailableException;
import org.facialkeypoints.facedetect.FaceDetectorUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code java -jar facial-keypoints.jar <command> [options]}: the command-line face of the core library. */
@Command(name = Main.NAME, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        header = "Facial Keypoints for Fiji: train and run facial-landmark detectors.",
        description = "Run as java -jar facial-keypoints.jar <command> [options]; <command> --help lists its options.",
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {Main.OK + ":done", Main.FAILED + ":failed (unreadable data, a missing file, the engine)",
            Main.USAGE + ":bad command line", Main.PARTIAL + ":done, but some inputs were skipped"})
public final class Main implements Callable<Integer> {

    /** Exit codes: 0 done, 1 failed, 2 bad command line, 3 done but some inputs were skipped. */
    public static final int OK = 0, FAILED = 1, USAGE = 2, PARTIAL = 3;

    /** The command the completion script completes: a wrapper or alias of that name runs the jar. */
    static final String NAME = "facial-keypoints";

    /** Wide enough for the option lists of train and detect to read as paragraphs, narrow enough for a terminal. */
    private static final int HELP_WIDTH = 100;

    @Spec
    private CommandSpec spec;

    public static void main(String[] argv) {
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
        System.exit(run(argv, System.out, System.err));
    }

    public static int run(String[] argv, PrintStream out, PrintStream err) {
        CommandLine cl = commandLine(out, err);
        int code = cl.execute(argv);
        cl.getOut().flush();
        cl.getErr().flush();
        return code;
    }

    /** Every command with its options, writing to out and err; also what help and shell completion are made of. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Main());
        List<CliCommand> commands = List.of(new DetectCommand(out, err), new TrainCommand(out, err),
                new EvaluateCommand(out, err), new FiguresCommand(out, err), new BenchCommand(out, err),
                new ModelsCommand(out, err), new SealCommand(out, err), new CompletionCommand(out, err));
        for (CliCommand c : commands) cl.addSubcommand(c.commandLine());
        cl.addSubcommand(new CommandLine.HelpCommand());
        // After the subcommands: these settings reach the ones already added.
        cl.setUsageHelpWidth(HELP_WIDTH);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler(Main::badCommandLine);
        cl.setExecutionExceptionHandler(Main::failed);
        return cl;
    }

    /** Without a command: the list of commands, and the exit code of a bad command line. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return USAGE;
    }

    private static int badCommandLine(ParameterException e, String[] argv) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        boolean atTop = cl.getCommandSpec().parent() == null;
        if (atTop && e instanceof UnmatchedArgumentException u && !u.getUnmatched().get(0).startsWith("-")) {
            err.println("error: unknown command '" + u.getUnmatched().get(0) + "'; commands: "
                    + String.join(", ", cl.getSubcommands().keySet()));
            return USAGE;
        }
        String hint = e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()
                ? " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)" : "";
        err.println("error: " + e.getMessage() + hint);
        err.println(seeHelp(cl));
        return USAGE;
    }

    private static int failed(Exception e, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof UsageException) {
            err.println("error: " + e.getMessage());
            err.println(seeHelp(cl));
            return USAGE;
        }
        // These say what is wrong in their message; anything else is named by its class as well.
        boolean explained = e instanceof IOException || e instanceof UncheckedIOException
                || e instanceof EngineUnavailableException || e instanceof FaceDetectorUnavailableException
                || e instanceof IllegalArgumentException;
        err.println("error: " + (explained ? e.getMessage() : e));
        return FAILED;
    }

    private static String seeHelp(CommandLine cl) {
        String command = cl.getCommandSpec().parent() == null ? "" : cl.getCommandName() + " ";
        return "see: java -jar facial-keypoints.jar " + command + "--help";
    }

    /** The version the jar's manifest carries; classes run from a build folder have none. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {NAME + " " + (v == null ? "(development build)" : v)};
        }
    }
}
