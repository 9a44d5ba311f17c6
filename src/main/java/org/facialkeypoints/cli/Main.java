package org.facialkeypoints.cli;

import org.facialkeypoints.engine.EngineUnavailableException;
import org.facialkeypoints.facedetect.FaceDetectorUnavailableException;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** {@code java -jar facial-keypoints.jar <command> [options]}: the command-line face of the core library. */
public final class Main {

    /** Exit codes: 0 done, 1 failed, 2 bad command line, 3 done but some inputs were skipped. */
    public static final int OK = 0, FAILED = 1, USAGE = 2, PARTIAL = 3;

    interface Command {
        String summary();

        String usage();

        int run(String[] args, PrintStream out, PrintStream err) throws Exception;
    }

    static Map<String, Command> commands() {
        Map<String, Command> m = new TreeMap<>();
        m.put("train", new TrainCommand());
        m.put("detect", new DetectCommand());
        m.put("evaluate", new EvaluateCommand());
        m.put("figures", new FiguresCommand());
        m.put("bench", new BenchCommand());
        m.put("models", new ModelsCommand());
        m.put("seal", new SealCommand());
        return m;
    }

    public static void main(String[] argv) {
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
        System.exit(run(argv, System.out, System.err));
    }

    public static int run(String[] argv, PrintStream out, PrintStream err) {
        Map<String, Command> commands = commands();
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
            out.println("Facial Keypoints for Fiji: train and run facial-landmark detectors.");
            out.println("usage: java -jar facial-keypoints.jar <command> [options]   (<command> --help for its options)");
            out.println();
            commands.forEach((name, c) -> out.printf("  %-9s %s%n", name, c.summary()));
            return argv.length == 0 ? USAGE : OK;
        }
        Command c = commands.get(argv[0]);
        if (c == null) {
            err.println("error: unknown command '" + argv[0] + "'; commands: " + String.join(", ", commands.keySet()));
            return USAGE;
        }
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
            out.println(c.usage());
            return OK;
        }
        try {
            return c.run(rest, out, err);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("see: java -jar facial-keypoints.jar " + argv[0] + " --help");
            return USAGE;
        } catch (IOException | EngineUnavailableException | FaceDetectorUnavailableException | IllegalArgumentException
                 | java.io.UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        } catch (Exception e) {
            err.println("error: " + e);
            return FAILED;
        }
    }
}
