package org.facialkeypoints.data;

import org.facialkeypoints.image.ImageFiles;
import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.landmarks.Landmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The landmark files of the geometric-morphometrics tools (tpsDig and the programs that read it): records of
 * {@code LM=n} followed by n lines {@code x y}, then {@code IMAGE=} (the photo, relative to the file's folder),
 * {@code ID=}, {@code SCALE=}, {@code COMMENT=} and curve blocks ({@code CURVES=}, {@code POINTS=}), which are
 * skipped. tpsDig measures y from the bottom edge of the image, in pixels, with the origin at the image's lower-left
 * corner; the core puts pixel centres at integer coordinates with y down, so a point is read as
 * {@code x - 0.5, height - y - 0.5} ({@link #toImage}). SCALE (units per pixel) does not change the coordinates,
 * which stay pixels. 3-D records ({@code LM3=}) are refused.
 */
public final class TpsReader {

    /** 16 MiB: over 700,000 points as tpsDig writes them (22 bytes a line), checked before a byte is read. */
    static final long MAX_BYTES = 16L << 20;
    static final int MAX_POINTS = 10_000;

    private record Record(int line, double[] x, double[] y, String image) {}

    private TpsReader() {}

    /** A tpsDig point (origin at the lower-left corner, y up) in the core's pixel coordinates. */
    public static double[] toImage(double tpsX, double tpsY, int imageHeight) {
        return new double[] {tpsX - 0.5, imageHeight - tpsY - 0.5};
    }

    /** The inverse of {@link #toImage}: a point in the core's pixel coordinates as tpsDig writes it. */
    public static double[] toTps(double x, double y, int imageHeight) {
        return new double[] {x + 0.5, imageHeight - y - 0.5};
    }

    public static Dataset read(Path tps) throws IOException {
        if (!Files.isRegularFile(tps)) throw new IOException("TPS file not found: " + tps);
        if (Files.size(tps) > MAX_BYTES) throw new InvalidDataException(tps, "larger than " + MAX_BYTES + " bytes");
        List<Record> records = records(tps, TextFiles.lines(Files.readAllBytes(tps)));
        if (records.isEmpty()) throw new InvalidDataException(tps, "holds no LM= records");
        Path base = tps.toAbsolutePath().getParent();
        List<AnnotatedSample> samples = new ArrayList<>();
        int n = records.get(0).x().length;
        for (Record r : records) {
            if (r.x().length != n) {
                throw new InvalidDataException(tps, r.line(), "this record has " + r.x().length
                        + " landmarks, the first " + n);
            }
            if (r.image() == null) throw new InvalidDataException(tps, r.line(), "this record names no IMAGE=");
            // tpsDig, a Windows program, may write back-slashes between folders.
            Path image = DataPaths.image(tps, base, r.image().replace('\\', '/'));
            int[] size = ImageFiles.dimensions(image);
            double[] x = new double[n], y = new double[n];
            for (int i = 0; i < n; i++) {
                double[] p = toImage(r.x()[i], r.y()[i], size[1]);
                x[i] = p[0];
                y[i] = p[1];
            }
            samples.add(new AnnotatedSample(image, size[0], size[1], new Landmarks(x, y)));
        }
        LandmarkSet set = n == 68 ? LandmarkSets.IBUG_68 : n == 58 ? LandmarkSets.IMM_58 : IbugXmlReader.generic(n);
        return new Dataset("TPS landmarks in " + tps, set, samples);
    }

    private static List<Record> records(Path tps, List<String> lines) throws InvalidDataException {
        List<Record> out = new ArrayList<>();
        int i = 0, start = 0;
        double[] x = null, y = null;
        String image = null;
        while (i < lines.size()) {
            String line = lines.get(i).strip();
            int lineNo = ++i;
            if (line.isEmpty()) continue;
            int eq = line.indexOf('=');
            String key = eq < 0 ? "" : line.substring(0, eq).strip().toUpperCase(Locale.ROOT);
            String value = eq < 0 ? "" : line.substring(eq + 1).strip();
            switch (key) {
                case "LM" -> {
                    if (x != null) out.add(new Record(start, x, y, image));
                    int n = count(value, tps, lineNo, "LM");
                    x = new double[n];
                    y = new double[n];
                    image = null;
                    start = lineNo;
                    i = coordinates(lines, i, x, y, tps);
                }
                case "LM3" -> throw new InvalidDataException(tps, lineNo,
                        "3-D landmarks (LM3=) cannot be placed on a photo");
                case "POINTS" -> {
                    int m = count(value, tps, lineNo, "POINTS");
                    i = coordinates(lines, i, new double[m], new double[m], tps);
                }
                case "IMAGE" -> {
                    if (x == null) throw new InvalidDataException(tps, lineNo, "IMAGE= before any LM= line");
                    image = value;
                }
                case "ID", "SCALE", "COMMENT", "CURVES", "VARIABLES" -> {
                    if (x == null) throw new InvalidDataException(tps, lineNo, key + "= before any LM= line");
                }
                default -> throw new InvalidDataException(tps, lineNo, "'" + DataPaths.shown(line)
                        + "' is not a TPS line (expected LM=, IMAGE=, ID=, SCALE=, COMMENT= or CURVES=)");
            }
        }
        if (x != null) out.add(new Record(start, x, y, image));
        return out;
    }

    private static int count(String value, Path tps, int line, String key) throws InvalidDataException {
        try {
            int n = Integer.parseInt(value);
            if (n < 0 || n > MAX_POINTS) throw new NumberFormatException();
            if (n == 0 && key.equals("LM")) throw new InvalidDataException(tps, line,
                    "LM=0: a record without landmarks");
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidDataException(tps, line, key + "=" + DataPaths.shown(value) + " is not a count from 0 to "
                    + MAX_POINTS);
        }
    }

    /** Reads {@code x.length} lines of coordinates from line index {@code from}; returns the index after them. */
    private static int coordinates(List<String> lines, int from, double[] x, double[] y, Path tps)
            throws InvalidDataException {
        for (int k = 0; k < x.length; k++) {
            int index = from + k;
            if (index >= lines.size()) throw new InvalidDataException(tps, index,
                    "the file ends inside a list of points");
            String[] f = lines.get(index).strip().split("\\s+");
            if (f.length != 2) throw new InvalidDataException(tps, index + 1, "a point needs x and y, got '"
                    + DataPaths.shown(lines.get(index).strip()) + "'");
            try {
                x[k] = Double.parseDouble(f[0]);
                y[k] = Double.parseDouble(f[1]);
            } catch (NumberFormatException e) {
                throw new InvalidDataException(tps, index + 1, "coordinates are not numbers");
            }
            if (!Double.isFinite(x[k]) || !Double.isFinite(y[k]) || Math.abs(x[k]) > 1e6 || Math.abs(y[k]) > 1e6) {
                throw new InvalidDataException(tps, index + 1, "coordinates out of range");
            }
        }
        return from + x.length;
    }
}
