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

    /** An image and the name tables give it: its path relative to the folder that lists it. */
    record Listed(Path file, String name) {}

    static List<Path> collect(List<Path> args) throws IOException, UsageException {
        return collectListed(args).stream().map(Listed::file).toList();
    }

    /**
     * Every image with its name: a file given directly is named by its file name, a folder's images by their names
     * inside the folder (the folder is read one level deep, so that is the file name too).
     */
    static List<Listed> collectListed(List<Path> args) throws IOException, UsageException {
        if (args.isEmpty()) throw new UsageException("no images given");
        List<Listed> out = new ArrayList<>();
        for (Path p : args) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    List<Path> found = s.filter(Files::isRegularFile).filter(ImageFiles::looksLikeImage).sorted()
                            .toList();
                    if (found.isEmpty()) throw new IOException("No images (.jpg, .png, .tif, ...) in folder " + p);
                    for (Path f : found) out.add(new Listed(f, p.relativize(f).toString()));
                }
            } else if (Files.isRegularFile(p)) {
                out.add(new Listed(p, p.getFileName().toString()));
            } else {
                throw new IOException("Image file not found: " + p);
            }
        }
        return out;
    }
}
