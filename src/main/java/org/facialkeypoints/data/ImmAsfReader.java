package org.facialkeypoints.data;

import org.facialkeypoints.image.ImageFiles;
import org.facialkeypoints.landmarks.Landmarks;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an AAM shape file (.asf) of the IMM Face Database: a point count, one line per point with at least seven
 * fields ({@code path type x y point# from to}, x and y relative to the image size; some files carry three more),
 * and the host image's file name, which is resolved next to the .asf file. An IMM shape (58 points) whose eye is
 * listed in the opposite order is put in the usual order on reading, with a note on the sample ({@link ImmEyeOrder}).
 */
public final class ImmAsfReader {

    /** Files larger than this are not shape files. */
    static final long MAX_BYTES = 1 << 20;
    /** Relative coordinates this far outside [0, 1] are errors, not faces. */
    static final double MAX_RELATIVE = 4;

    private ImmAsfReader() {}

    public static AnnotatedSample read(Path asf) throws IOException {
        if (!Files.isRegularFile(asf)) throw new IOException("Shape file not found: " + asf);
        if (Files.size(asf) > MAX_BYTES) throw new InvalidDataException(asf, "too large for a shape file (" + Files.size(asf) + " bytes)");
        List<String> lines = readLines(asf);
        int lineNo = 0;
        int count = -1;
        double[] rx = null, ry = null;
        int filled = 0;
        String host = null;
        for (String raw : lines) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (count < 0) {
                count = parseCount(asf, lineNo, line);
                rx = new double[count];
                ry = new double[count];
                continue;
            }
            if (filled < count) {
                String[] f = line.split("\\s+");
                if (f.length < 7) {
                    throw new InvalidDataException(asf, lineNo, "point line has " + f.length + " fields, expected at least 7 "
                            + "(path type x y point# from to)");
                }
                int index = parseInt(asf, lineNo, f[4], "point number");
                if (index != filled) {
                    throw new InvalidDataException(asf, lineNo, "expected point number " + filled + ", found " + index);
                }
                rx[filled] = parseCoordinate(asf, lineNo, f[2], "x");
                ry[filled] = parseCoordinate(asf, lineNo, f[3], "y");
                filled++;
                continue;
            }
            if (host == null) {
                host = line;
                continue;
            }
            throw new InvalidDataException(asf, lineNo, "unexpected content after the host image name");
        }
        if (count < 0) throw new InvalidDataException(asf, "no point count: the file is empty or holds only comments");
        if (filled < count) throw new InvalidDataException(asf, "declares " + count + " points but has only " + filled);
        if (host == null) throw new InvalidDataException(asf, "no host image name after the points");
        Path image = resolveHost(asf, host);
        int[] size = ImageFiles.dimensions(image);
        double[] x = new double[count], y = new double[count];
        for (int i = 0; i < count; i++) {
            // Relative coordinates span the image's outer edges (0 = left edge, 1 = right edge).
            x[i] = rx[i] * size[0] - 0.5;
            y[i] = ry[i] * size[1] - 0.5;
        }
        // A few of IMM's own files list an eye from the wrong corner: put it in the order the rest use, and say so.
        List<String> notes = ImmEyeOrder.repair(x, y).stream().map(n -> asf.getFileName() + ": " + n).toList();
        return new AnnotatedSample(image, 1, size[0], size[1], new Landmarks(x, y), null, notes);
    }

    private static List<String> readLines(Path asf) throws IOException {
        return TextFiles.lines(Files.readAllBytes(asf));
    }

    private static int parseCount(Path asf, int lineNo, String line) throws InvalidDataException {
        int n = parseInt(asf, lineNo, line.split("\\s+")[0], "point count");
        if (n <= 0 || n > 10_000) throw new InvalidDataException(asf, lineNo, "point count " + n + " is not plausible");
        return n;
    }

    private static int parseInt(Path asf, int lineNo, String s, String what) throws InvalidDataException {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new InvalidDataException(asf, lineNo, what + " is not an integer");
        }
    }

    private static double parseCoordinate(Path asf, int lineNo, String s, String axis) throws InvalidDataException {
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new InvalidDataException(asf, lineNo, axis + " coordinate is not a number");
        }
        if (!Double.isFinite(v) || Math.abs(v) > MAX_RELATIVE) {
            throw new InvalidDataException(asf, lineNo, axis + " coordinate is not a relative position in the image");
        }
        return v;
    }

    private static Path resolveHost(Path asf, String host) throws InvalidDataException {
        // IMM's files name their image by file name; a path in the file is cut to its last part, so an .asf can
        // only name an image beside itself.
        String name = host.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new InvalidDataException(asf, "the host image line names no file");
        }
        return DataPaths.image(asf, asf.toAbsolutePath().getParent(), name);
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
