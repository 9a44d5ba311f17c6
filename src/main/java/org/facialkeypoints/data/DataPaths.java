package org.facialkeypoints.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Where an annotation file may send the reader: to an image inside the annotation's own folder (sub-folders
 * included), never through {@code ..}, an absolute path or a symbolic link to anywhere else, unless the user allowed
 * it ({@code --allow-outside} on the command line). The check is made on the path's text before the file system
 * is asked anything, so an error never tells whether a file outside exists.
 */
public final class DataPaths {

    private static volatile boolean allowOutside;

    private DataPaths() {}

    /** Lets annotation files name images anywhere (the command line's {@code --allow-outside}). */
    public static void allowOutside(boolean allow) { allowOutside = allow; }

    public static boolean outsideAllowed() { return allowOutside; }

    /**
     * The image an annotation names, resolved against {@code base} (the annotation's folder), refused with one
     * sentence naming the annotation file when it leads elsewhere or is not a regular file.
     */
    public static Path image(Path annotation, Path base, String named) throws InvalidDataException {
        return image(annotation, base, named, allowOutside);
    }

    /** As {@link #image(Path, Path, String)}, with the permission to leave the folder given by the caller. */
    public static Path image(Path annotation, Path base, String named, boolean allowOutside)
            throws InvalidDataException {
        return file(annotation, base, named, "image", allowOutside);
    }

    /**
     * A file of the kind {@code what} ("image", "selection file") that {@code annotation} leads to, held to the same
     * rules as an image.
     */
    public static Path file(Path annotation, Path base, String named, String what, boolean allowOutside)
            throws InvalidDataException {
        String shown = shown(named);
        if (named.isBlank()) throw new InvalidDataException(annotation, "an " + what + " path is empty");
        if (named.indexOf('\0') >= 0) {
            throw new InvalidDataException(annotation, "the " + what + " path '" + shown + "' is not a valid path");
        }
        Path root = base.toAbsolutePath().normalize();
        Path p;
        try {
            p = root.resolve(named).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidDataException(annotation, "the " + what + " path '" + shown + "' is not a valid path");
        }
        if (!allowOutside && !p.startsWith(root)) throw outside(annotation, shown, what);
        if (!allowOutside && Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            // Inside by its name: it must also be inside once symbolic links are followed.
            try {
                Path real = p.toRealPath();
                if (!real.startsWith(root.toRealPath())) throw outside(annotation, shown, what);
            } catch (IOException e) {
                throw new InvalidDataException(annotation, "the " + what + " '" + shown
                        + "' is missing or leads outside the data folder");
            }
        }
        if (!Files.isRegularFile(p)) throw new InvalidDataException(annotation, "the " + what + " '" + shown
                + "' is missing");
        return p;
    }

    private static InvalidDataException outside(Path annotation, String shown, String what) {
        return new InvalidDataException(annotation, "the " + what + " path '" + shown
                + "' leads outside the data folder; "
                + what + "s must lie in the annotation file's folder or below it (the command line's --allow-outside"
                + " allows others)");
    }

    static String shown(String s) {
        String t = s.replaceAll("[\\p{Cntrl}]", "?");
        return t.length() <= 60 ? t : t.substring(0, 60) + "...";
    }
}
