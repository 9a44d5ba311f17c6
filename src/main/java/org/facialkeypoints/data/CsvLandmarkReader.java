package org.facialkeypoints.data;

import org.facialkeypoints.image.ImageFiles;
import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.landmarks.Landmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A landmark table: a header naming at least the columns {@code image}, {@code point}, {@code x} and {@code y}, one
 * row per point, and optionally {@code face} (several faces per image) and {@code name} (the point's name); other
 * columns ({@code score}, {@code confidence}) are ignored, so the table {@code detect --csv} writes reads back as it
 * is. Coordinates are original pixels with pixel centres at integer coordinates, as detect writes them. The image
 * column is a path relative to the table's folder; {@code name.tif[3]} (detect's name for slice 3 of a stack) is
 * that slice when no file of that name exists.
 */
public final class CsvLandmarkReader {

    /** 64 MiB: about a million rows of 60 bytes (15,000 faces of 68 points), checked before a byte is read. */
    static final long MAX_BYTES = 64L << 20;
    static final int MAX_POINTS = 10_000;
    private static final Pattern SLICE = Pattern.compile("(.+)\\[(\\d{1,6})]");

    private record FaceKey(String image, String face) {}

    private record Row(int line, int point, String name, double x, double y) {}

    private CsvLandmarkReader() {}

    public static Dataset read(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) throw new IOException("Landmark table not found: " + csv);
        if (Files.size(csv) > MAX_BYTES) throw new InvalidDataException(csv, "larger than " + MAX_BYTES + " bytes");
        List<String> lines = TextFiles.lines(Files.readAllBytes(csv));
        if (lines.isEmpty()) throw new InvalidDataException(csv, "is empty; expected a header with image,point,x,y");
        List<String> header = fields(lines.get(0), csv, 1).stream()
                .map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        int image = column(header, "image", csv), point = column(header, "point", csv);
        int x = column(header, "x", csv), y = column(header, "y", csv);
        int face = header.indexOf("face"), name = header.indexOf("name");
        Map<FaceKey, List<Row>> faces = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            List<String> f = fields(lines.get(i), csv, i + 1);
            if (f.size() != header.size()) {
                throw new InvalidDataException(csv, i + 1, f.size() + " columns where the header has " + header.size());
            }
            int index = integer(f.get(point), csv, i + 1, "point");
            if (index >= MAX_POINTS) throw new InvalidDataException(csv, i + 1, "point " + index + " is not plausible");
            Row row = new Row(i + 1, index, name >= 0 ? f.get(name) : null, coordinate(f.get(x), csv, i + 1, "x"),
                    coordinate(f.get(y), csv, i + 1, "y"));
            faces.computeIfAbsent(new FaceKey(f.get(image), face >= 0 ? f.get(face) : ""),
                    k -> new ArrayList<>()).add(row);
        }
        if (faces.isEmpty()) throw new InvalidDataException(csv, "has a header but no points");
        return dataset(csv, faces);
    }

    private static Dataset dataset(Path csv, Map<FaceKey, List<Row>> faces) throws IOException {
        Path base = csv.toAbsolutePath().getParent();
        Map<String, int[]> sizes = new HashMap<>();
        List<AnnotatedSample> samples = new ArrayList<>();
        List<String> names = null;
        for (Map.Entry<FaceKey, List<Row>> e : faces.entrySet()) {
            List<Row> rows = e.getValue();
            int n = rows.size();
            double[] xs = new double[n], ys = new double[n];
            String[] faceNames = new String[n];
            boolean[] seen = new boolean[n];
            for (Row r : rows) {
                if (r.point() >= n || seen[r.point()]) {
                    throw new InvalidDataException(csv, r.line(), "point " + r.point() + " of image '"
                            + DataPaths.shown(e.getKey().image()) + "' is repeated or outside 0.." + (n - 1));
                }
                seen[r.point()] = true;
                xs[r.point()] = r.x();
                ys[r.point()] = r.y();
                faceNames[r.point()] = r.name();
            }
            List<String> these = faceNames[0] == null ? null : List.of(faceNames);
            if (!samples.isEmpty() && (samples.get(0).points().size() != n || !Objects.equals(names, these))) {
                throw new InvalidDataException(csv, rows.get(0).line(), "image '" + DataPaths.shown(e.getKey().image())
                        + "' has " + n + " points or other names than the faces before it; all faces must use"
                        + " the same points");
            }
            names = these;
            String named = e.getKey().image();
            int slice = 1;
            Matcher m = SLICE.matcher(named);
            if (m.matches() && !Files.exists(base.resolve(named))) {
                named = m.group(1);
                slice = Integer.parseInt(m.group(2));
            }
            Path file = DataPaths.image(csv, base, named);
            int[] size = sizes.get(file.toString());
            if (size == null) sizes.put(file.toString(), size = ImageFiles.dimensions(file));
            if (slice < 1) throw new InvalidDataException(csv, rows.get(0).line(), "slice numbers start at 1");
            samples.add(new AnnotatedSample(file, slice, size[0], size[1], new Landmarks(xs, ys), null));
        }
        return new Dataset("landmark table " + csv, landmarks(samples.get(0).points().size(), names), samples);
    }

    /** The set named by the table, a known set when the names are its names, else by count as for .pts files. */
    static LandmarkSet landmarks(int n, List<String> names) {
        if (names == null) return n == 68 ? LandmarkSets.IBUG_68 : n == 58 ? LandmarkSets.IMM_58
                : IbugXmlReader.generic(n);
        for (LandmarkSet known : List.of(LandmarkSets.IMM_58, LandmarkSets.IBUG_68, LandmarkSets.IMM_NOSE)) {
            if (known.names().equals(names)) return known;
        }
        int[] self = new int[n];
        for (int i = 0; i < n; i++) self[i] = i;
        return new LandmarkSet("points-" + n, names, self);
    }

    private static int column(List<String> header, String name, Path csv) throws InvalidDataException {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new InvalidDataException(csv, 1, "the header has no column '" + name + "'; expected image,point,x,y"
                    + " (and optionally face and name)");
        }
        return i;
    }

    private static int integer(String s, Path csv, int line, String what) throws InvalidDataException {
        try {
            int v = Integer.parseInt(s.trim());
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidDataException(csv, line, what + " '" + DataPaths.shown(s)
                    + "' is not a whole number >= 0");
        }
    }

    private static double coordinate(String s, Path csv, int line, String what) throws InvalidDataException {
        if (s.isBlank()) throw new InvalidDataException(csv, line, what
                + " is empty (a point the detector could not place)");
        try {
            double v = Double.parseDouble(s.trim());
            if (!Double.isFinite(v) || Math.abs(v) > 1e6) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidDataException(csv, line, what + " '" + DataPaths.shown(s) + "' is not a coordinate");
        }
    }

    /** The fields of one line; a field in double quotes may hold commas and doubled quotes. */
    static List<String> fields(String line, Path csv, int lineNo) throws InvalidDataException {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"' && f.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        if (quoted) throw new InvalidDataException(csv, lineNo, "a quoted field is not closed");
        out.add(f.toString());
        return out;
    }
}
