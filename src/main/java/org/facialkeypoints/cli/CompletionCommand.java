package org.facialkeypoints.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintStream;

/** {@code completion}: the bash (and zsh) completion script of every command and option, made from the parser. */
@Command(name = "completion", header = "print the shell completion script (bash, zsh) of every command and option",
        description = {"The script completes the command " + Main.NAME + ": make that name run the jar and load "
                + "the script in ~/.bashrc or ~/.zshrc (it turns on zsh's bash completion itself), for example:",
            "  alias " + Main.NAME + "='java -jar /path/to/facial-keypoints.jar'",
            "  source <(java -jar /path/to/facial-keypoints.jar completion)"})
final class CompletionCommand extends CliCommand {

    @Spec
    private CommandSpec spec;

    CompletionCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() {
        out.print(AutoComplete.bash(Main.NAME, spec.root().commandLine()));
        return Main.OK;
    }
}
