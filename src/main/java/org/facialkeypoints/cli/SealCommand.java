package org.facialkeypoints.cli;

import org.facialkeypoints.bundle.BundleFile;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code seal}: seals a model bundle written before descriptions were sealed (format 1), in place. It checks the
 * weights against their recorded checksum, reads the whole bundle, and prints what the description says, so that
 * the user sees the points and pipeline being vouched for.
 */
@Command(name = "seal", header = "seal a model bundle from an earlier version (format 1) so that it loads",
        description = "Bundles since format 2 carry a seal over their whole description (pipeline, points, settings) "
                + "and weights; a bundle whose description was changed is refused. A format-1 bundle (from an earlier "
                + "version) has no seal and is refused until sealed. Seal only bundles whose origin you trust: the "
                + "seal records the description as it is now. The weights' bytes are kept; the file is rewritten "
                + "whole.")
final class SealCommand extends CliCommand {

    @Parameters(paramLabel = "<model.zip>", arity = "1..*", description = "the bundles to seal, in place")
    List<Path> bundles;

    SealCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() throws Exception {
        for (Path file : bundles) {
            if (!Files.isRegularFile(file)) throw new IOException("Model file not found: " + file);
            byte[] sealed = BundleFile.sealLegacy(Files.readAllBytes(file), file.toString());
            ModelBundle b = BundleFile.read(sealed, file.toString());
            AtomicFiles.write(file, o -> o.write(sealed));
            out.printf("%s: sealed (%s/%s, %d points, %s)%n", file, b.config().pipeline().id(),
                    b.config().architecture(), b.config().landmarks().size(), b.config().landmarks().id());
        }
        return Main.OK;
    }
}
