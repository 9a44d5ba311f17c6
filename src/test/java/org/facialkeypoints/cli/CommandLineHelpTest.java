package org.facialkeypoints.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What the parser accepts, what --help and the completion script say, and what the README shows agree. */
class CommandLineHelpTest {

    /** How the README runs the jar; every line that does is a command the parser must take. */
    private static final String JAR = "java -jar target/facial-keypoints.jar ";

    private static Map<String, CommandLine> subcommands() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return Main.commandLine(sink, sink).getSubcommands();
    }

    /** Every option and parameter of every command is in the help the user gets from {@code <command> --help}. */
    @Test
    void eachCommandsHelpListsEveryOptionItAccepts() {
        Map<String, CommandLine> commands = subcommands();
        assertEquals(List.of("detect", "train", "evaluate", "figures", "bench", "models", "seal", "completion", "help"),
                List.copyOf(commands.keySet()));
        for (Map.Entry<String, CommandLine> c : commands.entrySet()) {
            CommandLineTest.Run help = CommandLineTest.run(c.getKey(), "--help");
            assertEquals(Main.OK, help.code(), c.getKey() + ": " + help.err());
            CommandSpec spec = c.getValue().getCommandSpec();
            for (OptionSpec o : spec.options()) {
                assertFalse(o.hidden(), c.getKey() + " accepts " + o.longestName() + " without listing it");
                assertTrue(o.description().length > 0 && !o.description()[0].isBlank(),
                        c.getKey() + " " + o.longestName() + " has no description");
                for (String name : o.names()) {
                    assertTrue(help.out().contains(name + (o.arity().max() > 0 ? "=" : "")),
                            c.getKey() + " --help does not list " + name + ":\n" + help.out());
                }
            }
            for (ArgSpec p : spec.positionalParameters()) {
                assertTrue(help.out().contains(p.paramLabel()), c.getKey() + " --help lacks " + p.paramLabel());
            }
        }
    }

    /** The options today's users rely on that the old hand-written help left out are now listed. */
    @Test
    void optionsTheOldHelpLeftOutAreListed() {
        assertTrue(CommandLineTest.run("train", "--help").out().contains("--quiet"));
        String figures = CommandLineTest.run("figures", "--help").out();
        assertTrue(figures.contains("--val-fraction=F") && figures.contains("--split-seed=S"), figures);
        CommandLineTest.Run top = CommandLineTest.run("--help");
        for (String command : subcommands().keySet()) assertTrue(top.out().contains("  " + command + " "), top.out());
        assertTrue(top.out().contains("Exit codes:"), top.out());
    }

    /** Every command line the README shows parses: its command exists, its options are accepted, its values convert. */
    @Test
    void theReadmesCommandLinesParse() throws IOException {
        List<String> seen = parseAll(Path.of("README.md"));
        assertTrue(seen.size() >= 15, "the README's CLI examples were not found: " + seen);
        for (String command : List.of("detect", "train", "evaluate", "figures", "bench", "models", "completion")) {
            assertTrue(seen.contains(command), "README shows no " + command + " command: " + seen);
        }
    }

    /** The command of each of the file's command lines, failing on the first the parser refuses. */
    private static List<String> parseAll(Path file) throws IOException {
        List<String> seen = new ArrayList<>();
        for (List<String> args : readmeCommandLines(Files.readString(file))) {
            PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            try {
                ParseResult parsed = Main.commandLine(sink, sink).parseArgs(args.toArray(String[]::new));
                assertTrue(parsed.hasSubcommand(), "no command in: " + String.join(" ", args));
                seen.add(parsed.subcommand().commandSpec().name());
            } catch (CommandLine.ParameterException e) {
                fail(file + ": '" + String.join(" ", args) + "' does not parse: " + e.getMessage());
            }
        }
        return seen;
    }

    /** A bad line is caught: the check above is not one that any text passes. */
    @Test
    void aMisspeltReadmeLineIsCaught() {
        List<List<String>> lines = readmeCommandLines("    " + JAR + "detect --modle face.zip photos/\n");
        assertEquals(1, lines.size());
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try {
            Main.commandLine(sink, sink).parseArgs(lines.get(0).toArray(String[]::new));
            fail("--modle was accepted");
        } catch (CommandLine.UnmatchedArgumentException expected) {
            assertTrue(expected.getMessage().contains("--modle"), expected.getMessage());
        }
    }

    /** The completion script knows every command and every option of each. */
    @Test
    void theCompletionScriptCompletesEveryCommandAndOption() {
        CommandLineTest.Run r = CommandLineTest.run("completion");
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.out().contains("complete -F _complete_" + Main.NAME), "not a bash completion script");
        for (Map.Entry<String, CommandLine> c : subcommands().entrySet()) {
            assertTrue(r.out().contains(c.getKey()), "completion lacks " + c.getKey());
            for (OptionSpec o : c.getValue().getCommandSpec().options()) {
                assertTrue(r.out().contains(o.longestName()), "completion lacks " + c.getKey() + " " + o.longestName());
            }
        }
        // Value lists come from the core's ids: the schedules as train takes them.
        assertTrue(r.out().contains("warmup-cosine"), "schedule ids offered");
    }

    /**
     * The arguments of each line of a document that runs the jar: in indented code, after the jar, with the lines a
     * trailing backslash continues, split at blanks, up to a shell comment, redirection or chained command. Lines
     * with a placeholder ({@code <command>}) or a shell variable ({@code $loss}) are left out: they are templates.
     */
    static List<List<String>> readmeCommandLines(String text) {
        List<List<String>> out = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            int at = lines[i].indexOf(JAR);
            if (!lines[i].startsWith("    ") || at < 0) continue;
            StringBuilder command = new StringBuilder(lines[i].substring(at + JAR.length()));
            while (command.toString().endsWith("\\") && i + 1 < lines.length) {
                command.setLength(command.length() - 1);
                command.append(' ').append(lines[++i].trim());
            }
            String args = command.toString().split(" #| &&| \\|| >| ;")[0].trim();
            if (args.contains("<") || args.contains("$")) continue;
            out.add(Arrays.asList(args.split("\\s+")));
        }
        return out;
    }
}
