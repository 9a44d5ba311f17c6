package org.facialkeypoints.fiji;

import ij.ImagePlus;
import ij.gui.Roi;
import org.facialkeypoints.data.Dataset;
import org.facialkeypoints.data.RoiFolderReader;
import org.facialkeypoints.data.RoiSamples;
import org.facialkeypoints.image.ImageConversion;
import org.facialkeypoints.image.ImageSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    public static List<Roi> pointRois(ImagePlus imp) { return RoiSamples.pointRois(imp); }

    public static RoiData fromOpenImages(List<ImagePlus> images) throws IOException {
        RoiSamples samples = new RoiSamples();
        Map<String, ImagePlus> byKey = new HashMap<>();
        for (ImagePlus imp : images) {
            Path key = Path.of("open-image-" + imp.getID() + "-" + imp.getTitle().replaceAll("[^A-Za-z0-9._-]", "_"));
            byKey.put(key.toString(), imp);
            for (Roi r : pointRois(imp)) samples.add(key, imp, r, "image '" + imp.getTitle() + "'");
        }
        if (samples.isEmpty()) throw new IOException("None of the open images has point selections to train on");
        ImageSource source = (path, slice) -> {
            ImagePlus imp = byKey.get(path.toString());
            return ImageConversion.position(imp, slice);
        };
        return new RoiData(samples.dataset("point selections on " + images.size() + " open image(s)"), source);
    }

    /** A folder of images with their selections beside them, read by the core's {@link RoiFolderReader}. */
    public static RoiData fromFolder(Path folder) throws IOException {
        return new RoiData(RoiFolderReader.read(folder), ImageSource.FILES);
    }
}
