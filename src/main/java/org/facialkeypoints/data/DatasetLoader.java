package org.facialkeypoints.data;

import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.LandmarkSets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Finds the annotations in a folder (or a single annotation file) and reads them with the matching reader. A folder
 * is looked at in this order: IMM .asf files, 300-W .pts files, one .xml, one .tps, images with ImageJ selections
 * beside them, one .csv, then TIFFs with selections in their overlays.
 */
public final class DatasetLoader {

    private DatasetLoader() {}

    public static Dataset load(Path location) throws IOException {
        if (!Files.exists(location)) throw new IOException("Data not found: " + location);
        if (Files.isDirectory(location)) {
            List<Path> asf = list(location, ".asf");
            if (!asf.isEmpty()) return readImm(location, asf);
            List<Path> pts = list(location, ".pts");
            if (!pts.isEmpty()) return readPts(location, pts);
            List<Path> xml = list(location, ".xml");
            if (xml.size() == 1) return IbugXmlReader.read(xml.get(0)).dataset();
            if (xml.size() > 1) throw several(location, "XML", xml);
            List<Path> tps = list(location, ".tps");
            if (tps.size() == 1) return TpsReader.read(tps.get(0));
            if (tps.size() > 1) throw several(location, "TPS", tps);
            // Selections beside the images come before a table: a detect table saved beside corrected points is
            // the uncorrected version of them.
            if (RoiFolderReader.hasSelectionFiles(location)) return RoiFolderReader.read(location);
            List<Path> csv = list(location, ".csv");
            if (csv.size() == 1) return CsvLandmarkReader.read(csv.get(0));
            if (csv.size() > 1) throw several(location, "CSV", csv);
            boolean tiffs = !list(location, ".tif").isEmpty() || !list(location, ".tiff").isEmpty();
            if (tiffs) return RoiFolderReader.read(location);
            throw new IOException("No annotated faces found in " + location
                    + ": expected IMM shape files (.asf), 300-W .pts files beside their images, one iBUG/dlib .xml file,"
                    + " one TPS file, one landmark table (.csv), or images with ImageJ selections beside them"
                    + " (name.zip, name_RoiSet.zip, name.roi) or in TIFF overlays");
        }
        String name = location.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".asf")) return readImm(location.toAbsolutePath().getParent(), List.of(location));
        if (name.endsWith(".xml")) return IbugXmlReader.read(location).dataset();
        if (name.endsWith(".pts")) return readPts(location.toAbsolutePath().getParent(), List.of(location));
        if (name.endsWith(".tps")) return TpsReader.read(location);
        if (name.endsWith(".csv")) return CsvLandmarkReader.read(location);
        throw new IOException("Unknown annotation format: " + location
                + " (expected a folder, an iBUG .xml, an IMM .asf,"
                + " a 300-W .pts, a .tps or a .csv file)");
    }

    private static IOException several(Path folder, String kind, List<Path> files) {
        return new IOException("Several " + kind + " files in " + folder + " ("
                + files.stream().map(p -> p.getFileName().toString()).toList() + "); name the one to use");
    }

    private static Dataset readImm(Path dir, List<Path> files) throws IOException {
        List<AnnotatedSample> samples = new ArrayList<>();
        LandmarkSet set = LandmarkSets.IMM_58;
        for (Path f : files) {
            AnnotatedSample s = ImmAsfReader.read(f);
            if (s.points().size() != set.size()) {
                throw new InvalidDataException(f, "has " + s.points().size() + " points; IMM shape files have "
                        + set.size());
            }
            samples.add(s);
        }
        return new Dataset("IMM shapes in " + dir, set, samples);
    }

    private static Dataset readPts(Path dir, List<Path> files) throws IOException {
        List<AnnotatedSample> samples = new ArrayList<>();
        int n = -1;
        for (Path f : files) {
            AnnotatedSample s = PtsReader.read(f);
            if (n >= 0 && s.points().size() != n) throw new InvalidDataException(f, "has " + s.points().size()
                    + " points, the others " + n);
            n = s.points().size();
            samples.add(s);
        }
        LandmarkSet set = n == 68 ? LandmarkSets.IBUG_68 : n == 58 ? LandmarkSets.IMM_58 : IbugXmlReader.generic(n);
        return new Dataset("300-W .pts files in " + dir, set, samples);
    }

    static List<Path> list(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(suffix))
                    .filter(Files::isRegularFile).sorted().toList();
        }
    }
}
