package org.facialkeypoints.data;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import org.facialkeypoints.image.ImageConversion;
import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.Landmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Annotated faces gathered from ImageJ point selections, one face per selection, all on one landmark set: the
 * first selection decides it, and a selection on other points is refused with a sentence naming where it lies.
 */
public final class RoiSamples {

    private final List<AnnotatedSample> samples = new ArrayList<>();
    private LandmarkSet landmarks;

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

    /**
     * Adds selection {@code r} on {@code imp} as a face of the image known as {@code key}; {@code where} names the
     * image in messages.
     */
    public void add(Path key, ImagePlus imp, Roi r, String where) throws IOException {
        LandmarkSet s;
        try {
            s = RoiLandmarks.landmarkSet(r);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + e.getMessage(), e);
        }
        if (landmarks != null && !landmarks.sameAs(s)) {
            throw new IOException(where + ": selection '" + r.getName() + "' has " + s.size() + " points (" + s.id()
                    + "), others have " + landmarks.size() + " (" + landmarks.id()
                            + "); all faces must use the same points");
        }
        Landmarks points = RoiLandmarks.points(r);
        if (!points.allFinite()) throw new IOException(where + ": selection '" + r.getName()
                + "' has invalid coordinates");
        // Positions, not stack slices: the channels of one position are one colour image (ImageConversion.position).
        int positions = ImageConversion.positions(imp), on = ImageConversion.positionOf(r, imp);
        int slice = positions > 1 ? (on > 0 ? on : ImageConversion.currentPosition(imp)) : 1;
        if (slice > positions) {
            throw new IOException(where + ": selection '" + r.getName() + "' is on slice " + slice + " of " + positions);
        }
        samples.add(new AnnotatedSample(key, slice, imp.getWidth(), imp.getHeight(), points, null));
        landmarks = s;
    }

    public boolean isEmpty() { return samples.isEmpty(); }

    public Dataset dataset(String description) { return new Dataset(description, landmarks, samples); }
}
