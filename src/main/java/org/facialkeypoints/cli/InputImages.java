package org.facialkeypoints.cli;

import org.facialkeypoints.image.ImageFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Expands the image arguments of a command: files as given, folders to the images directly inside them. */
final class InputImages {

    private InputImages() {}

    static List<Path> collect(List<String> args) throws IOException, UsageException {
        if (args.isEmpty()) throw new UsageException("no images given");
        List<Path> out = new ArrayList<>();
        for (String a : args) {
            Path p = Path.of(a);
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    List<Path> found = s.filter(Files::isRegularFile).filter(ImageFiles::looksLikeImage).sorted().toList();
                    if (found.isEmpty()) throw new IOException("No images (.jpg, .png, .tif, ...) in folder " + p);
                    out.addAll(found);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new IOException("Image file not found: " + p);
            }
        }
        return out;
    }
}
