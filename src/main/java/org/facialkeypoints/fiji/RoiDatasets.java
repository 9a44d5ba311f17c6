package org.facialkeypoints.fiji;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import org.facialkeypoints.data.AnnotatedSample;
import org.facialkeypoints.data.Dataset;
import org.facialkeypoints.image.ImageConversion;
import org.facialkeypoints.image.ImageFiles;
import org.facialkeypoints.image.ImageSource;
import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.Landmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Training data made of ImageJ point selections: the point ROIs of open images (their active selection and their
 * overlay), or a folder of images each with its ROIs beside it ({@code name.zip}, {@code name_RoiSet.zip},
 * {@code name-RoiSet.zip} or {@code name.roi}) or in its own overlay (TIFF). This is the correct-and-retrain loop:
 * detect, drag the points that are wrong, train again.
 */
public final class RoiDatasets {

    /** Annotated faces plus where their pixels come from. */
    public record RoiData(Dataset dataset, ImageSource images) {}

    private RoiDatasets() {}

    /** The point selections of an image: the active one and every point ROI of its overlay, without duplicates. */
    public static List<Roi> pointRois(ImagePlus imp) {
        List<Roi> out = new ArrayList<>();
        Overlay ov = imp.getOverlay();
        if (ov != null) for (Roi r : ov.toArray()) if (r.getType() == Roi.POINT) out.add(r);
        Roi active = imp.getRoi();
        if (active != null && active.getType() == Roi.POINT) {
            // The active selection replaces the overlay ROI of the same name: it holds the user's corrections.
            out.removeIf(r -> r.getName() != null && r.getName().equals(active.getName()));
            out.add(0, active);
        }
        return out;
    }

    public static RoiData fromOpenImages(List<ImagePlus> images) throws IOException {
        List<AnnotatedSample> samples = new ArrayList<>();
        Map<String, ImagePlus> byKey = new HashMap<>();
        LandmarkSet set = null;
        for (ImagePlus imp : images) {
            Path key = Path.of("open-image-" + imp.getID() + "-" + imp.getTitle().replaceAll("[^A-Za-z0-9._-]", "_"));
            byKey.put(key.toString(), imp);
            for (Roi r : pointRois(imp)) set = add(samples, set, key, imp, r, "image '" + imp.getTitle() + "'");
        }
        if (samples.isEmpty()) throw new IOException("None of the open images has point selections to train on");
        ImageSource source = (path, slice) -> {
            ImagePlus imp = byKey.get(path.toString());
            return ImageConversion.position(imp, slice);
        };
        return new RoiData(new Dataset("point selections on " + images.size() + " open image(s)", set, samples), source);
    }

    public static RoiData fromFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) throw new IOException("Not a folder: " + folder);
        List<AnnotatedSample> samples = new ArrayList<>();
        LandmarkSet set = null;
        List<Path> images;
        try (Stream<Path> s = Files.list(folder)) {
            images = s.filter(Files::isRegularFile).filter(ImageFiles::looksLikeImage).sorted().toList();
        }
        for (Path image : images) {
            List<Roi> rois = roisBeside(image);
            ImagePlus imp = null;
            if (rois.isEmpty() && image.getFileName().toString().toLowerCase().matches(".*\\.tiff?")) {
                imp = ImageFiles.open(image);
                rois = pointRois(imp);
            }
            if (rois.isEmpty()) continue;
            if (imp == null) imp = ImageFiles.open(image);
            for (Roi r : rois) set = add(samples, set, image, imp, r, image.toString());
        }
        if (samples.isEmpty()) {
            throw new IOException("No images with point selections in " + folder
                    + " (expected name.zip, name_RoiSet.zip or name.roi beside each image, or TIFF overlays)");
        }
        return new RoiData(new Dataset("point selections in " + folder, set, samples), ImageSource.FILES);
    }

    static List<Roi> roisBeside(Path image) throws IOException {
        String name = image.getFileName().toString();
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        for (String candidate : List.of(stem + ".zip", stem + "_RoiSet.zip", stem + "-RoiSet.zip")) {
            Path p = image.resolveSibling(candidate);
            if (Files.isRegularFile(p)) return RoiSetFiles.read(p).stream().filter(r -> r.getType() == Roi.POINT).toList();
        }
        Path roi = image.resolveSibling(stem + ".roi");
        if (Files.isRegularFile(roi)) {
            Roi r = RoiSetFiles.readRoi(roi);
            return r.getType() == Roi.POINT ? List.of(r) : List.of();
        }
        return List.of();
    }

    private static LandmarkSet add(List<AnnotatedSample> samples, LandmarkSet set, Path key, ImagePlus imp, Roi r, String where)
            throws IOException {
        LandmarkSet s = RoiConversion.landmarkSet(r);
        if (set != null && !set.sameAs(s)) {
            throw new IOException(where + ": selection '" + r.getName() + "' has " + s.size() + " points (" + s.id() + "), others have "
                    + set.size() + " (" + set.id() + "); all faces must use the same points");
        }
        Landmarks points = RoiConversion.points(r);
        if (!points.allFinite()) throw new IOException(where + ": selection '" + r.getName() + "' has invalid coordinates");
        int positions = ImageConversion.positions(imp), on = KeypointTool.positionOf(r, imp);
        int slice = positions > 1 ? (on > 0 ? on : KeypointTool.currentPosition(imp)) : 1;
        if (slice > positions) throw new IOException(where + ": selection '" + r.getName() + "' is on slice " + slice + " of " + positions);
        samples.add(new AnnotatedSample(key, slice, imp.getWidth(), imp.getHeight(), points, null));
        return s;
    }
}
