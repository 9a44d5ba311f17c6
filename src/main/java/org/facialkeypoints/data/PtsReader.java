package org.facialkeypoints.data;

import org.facialkeypoints.image.ImageFiles;
import org.facialkeypoints.landmarks.Landmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a 300-W {@code .pts} file ({@code version: 1}, {@code n_points: 68}, then the points between braces) and
 * finds its image beside it (same name, .jpg/.png/...). 300-W coordinates are Matlab's, 1 at the first pixel's
 * centre; one is subtracted so they follow this library's convention (0 at the first pixel's centre). The face box
 * is the points' extent.
 */
public final class PtsReader {

    static final long MAX_BYTES = 1 << 20;
    private static final List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp");

    private PtsReader() {}

    public static AnnotatedSample read(Path pts) throws IOException {
        if (!Files.isRegularFile(pts)) throw new IOException("Points file not found: " + pts);
        if (Files.size(pts) > MAX_BYTES) throw new InvalidDataException(pts, "too large for a .pts file");
        List<String> lines = TextFiles.lines(Files.readAllBytes(pts));
        int declared = -1, lineNo = 0;
        boolean open = false, closed = false;
        List<double[]> points = new ArrayList<>();
        for (String raw : lines) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("//") || line.startsWith("#")) continue;
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("version")) continue;
            if (lower.startsWith("n_points")) {
                String v = line.substring(line.indexOf(':') + 1).trim();
                try {
                    declared = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    throw new InvalidDataException(pts, lineNo, "n_points is not a number");
                }
                if (declared <= 0 || declared > 10_000) throw new InvalidDataException(pts, lineNo, "n_points " + declared + " is not plausible");
                continue;
            }
            if (line.equals("{")) {
                open = true;
                continue;
            }
            if (line.equals("}")) {
                closed = true;
                break;
            }
            if (!open) throw new InvalidDataException(pts, lineNo, "unexpected content before '{'");
            String[] f = line.split("\\s+");
            if (f.length < 2) throw new InvalidDataException(pts, lineNo, "a point needs x and y");
            try {
                double x = Double.parseDouble(f[0]), y = Double.parseDouble(f[1]);
                if (!Double.isFinite(x) || !Double.isFinite(y) || Math.abs(x) > 1e6 || Math.abs(y) > 1e6) {
                    throw new InvalidDataException(pts, lineNo, "coordinates out of range");
                }
                points.add(new double[] {x, y});
            } catch (NumberFormatException e) {
                throw new InvalidDataException(pts, lineNo, "coordinates are not numbers");
            }
        }
        if (declared < 0) throw new InvalidDataException(pts, "no n_points line");
        if (!open || !closed) throw new InvalidDataException(pts, "points must be enclosed in '{' and '}'");
        if (points.size() != declared) throw new InvalidDataException(pts, "declares " + declared + " points but lists " + points.size());
        Path image = imageBeside(pts);
        int[] size = ImageFiles.dimensions(image);
        double[] x = new double[declared], y = new double[declared];
        for (int i = 0; i < declared; i++) {
            x[i] = points.get(i)[0] - 1;
            y[i] = points.get(i)[1] - 1;
        }
        return new AnnotatedSample(image, size[0], size[1], new Landmarks(x, y));
    }

    static Path imageBeside(Path pts) throws InvalidDataException {
        if (pts.getFileName().toString().length() < 5) throw new InvalidDataException(pts, "no image beside it");
        String name = pts.getFileName().toString();
        String stem = name.substring(0, name.length() - 4);
        for (String ext : IMAGE_EXTENSIONS) {
            for (String e : List.of(ext, ext.toUpperCase(Locale.ROOT))) {
                Path p = pts.resolveSibling(stem + e);
                if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    return DataPaths.image(pts, pts.toAbsolutePath().getParent(), stem + e);
                }
            }
        }
        throw new InvalidDataException(pts, "no image named " + stem + ".jpg/.png beside it");
    }
}
