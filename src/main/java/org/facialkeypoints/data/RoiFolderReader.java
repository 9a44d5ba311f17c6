package org.facialkeypoints.data;

import ij.ImagePlus;
import ij.gui.Roi;
import org.facialkeypoints.image.ImageFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A folder of images annotated in ImageJ: each image with its point selections beside it ({@code name.zip},
 * {@code name_RoiSet.zip}, {@code name-RoiSet.zip} or {@code name.roi}) or in its own overlay (TIFF). Images and
 * selection files are held to {@link DataPaths}' rules: a symbolic link leading out of the folder is refused.
 */
public final class RoiFolderReader {

    /** Files looked at in one folder: 1,000,000 is beyond any annotated set and bounds the listing's memory. */
    static final int MAX_FILES = 1_000_000;

    private RoiFolderReader() {}

    /** True when the folder holds at least one image with selections beside it (overlays are not looked into). */
    public static boolean hasSelectionFiles(Path folder) throws IOException {
        for (Path image : images(folder)) if (selectionFile(image) != null) return true;
        return false;
    }

    public static Dataset read(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) throw new IOException("Not a folder: " + folder);
        RoiSamples samples = new RoiSamples();
        for (Path listed : images(folder)) {
            Path image = DataPaths.image(listed, folder, listed.getFileName().toString());
            List<Roi> rois = roisBeside(image, folder);
            ImagePlus imp = null;
            if (rois.isEmpty() && image.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.tiff?")) {
                imp = ImageFiles.open(image);
                rois = RoiSamples.pointRois(imp);
            }
            if (rois.isEmpty()) continue;
            if (imp == null) imp = ImageFiles.open(image);
            for (Roi r : rois) samples.add(image, imp, r, image.toString());
        }
        if (samples.isEmpty()) {
            throw new IOException("No images with point selections in " + folder
                    + " (expected name.zip, name_RoiSet.zip or name.roi beside each image, or TIFF overlays)");
        }
        return samples.dataset("point selections in " + folder);
    }

    /** The point selections kept beside {@code image}, none when it has no selection file. */
    public static List<Roi> roisBeside(Path image, Path folder) throws IOException {
        Path file = selectionFile(image);
        if (file == null) return List.of();
        Path checked = DataPaths.file(image, folder, file.getFileName().toString(), "selection file",
                DataPaths.outsideAllowed());
        if (checked.getFileName().toString().endsWith(".roi")) {
            Roi r = RoiSetReader.readRoi(checked);
            return r.getType() == Roi.POINT ? List.of(r) : List.of();
        }
        return RoiSetReader.read(checked).stream().filter(r -> r.getType() == Roi.POINT).toList();
    }

    private static Path selectionFile(Path image) {
        String name = image.getFileName().toString();
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        for (String candidate : List.of(stem + ".zip", stem + "_RoiSet.zip", stem + "-RoiSet.zip", stem + ".roi")) {
            Path p = image.resolveSibling(candidate);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    private static List<Path> images(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> files = s.limit(MAX_FILES + 1L).toList();
            if (files.size() > MAX_FILES) throw new IOException(folder + ": more than " + MAX_FILES
                    + " files; refusing it");
            return files.stream().filter(Files::isRegularFile).filter(ImageFiles::looksLikeImage).sorted().toList();
        }
    }
}
