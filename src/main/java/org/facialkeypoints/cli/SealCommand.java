package org.facialkeypoints.cli;

import org.facialkeypoints.bundle.BundleFile;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.io.AtomicFiles;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code seal}: seals a model bundle written before descriptions were sealed (format 1), in place. It checks the
 * weights against their recorded checksum, reads the whole bundle, and prints what the description says, so that
 * the user sees the points and pipeline being vouched for.
 */
final class SealCommand implements Main.Command {

    @Override
    public String summary() { return "seal a model bundle from an earlier version (format 1) so that it loads"; }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: seal <model.zip>...",
                "",
                "Bundles since format 2 carry a seal over their whole description (pipeline, points, settings) and",
                "weights; a bundle whose description was changed is refused. A format-1 bundle (from an earlier",
                "version) has no seal and is refused until sealed. Seal only bundles whose origin you trust: the",
                "seal records the description as it is now. The weights' bytes are kept; the file is rewritten whole.");
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of(), Set.of());
        if (a.positional().isEmpty()) throw new UsageException("name at least one model bundle to seal");
        for (String name : a.positional()) {
            Path file = Path.of(name);
            if (!Files.isRegularFile(file)) throw new java.io.IOException("Model file not found: " + file);
            byte[] sealed = BundleFile.sealLegacy(Files.readAllBytes(file), file.toString());
            ModelBundle b = BundleFile.read(sealed, file.toString());
            AtomicFiles.write(file, o -> o.write(sealed));
            out.printf("%s: sealed (%s/%s, %d points, %s)%n", file, b.config().pipeline().id(), b.config().architecture(),
                    b.config().landmarks().size(), b.config().landmarks().id());
        }
        return Main.OK;
    }
}
