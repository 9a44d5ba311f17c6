package org.facialkeypoints.fiji;

import ij.gui.PointRoi;
import ij.gui.Roi;
import org.facialkeypoints.data.RoiLandmarks;
import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.Landmarks;

import java.util.Locale;

/**
 * Keypoints as ImageJ point selections and back. A face is one {@link PointRoi} whose points keep the landmark
 * set's fixed order; the set's id, point names and flip pairs travel as ROI properties (saved in .roi files and
 * RoiSet.zip), so corrected points read back as training data with their names. ImageJ's point coordinates use the
 * same convention as the core: integer coordinates are pixel centres, and sub-pixel positions are kept.
 */
public final class RoiConversion {

    public static final String PROP_SET = RoiLandmarks.PROP_SET;
    public static final String PROP_NAMES = RoiLandmarks.PROP_NAMES;
    public static final String PROP_FLIP = RoiLandmarks.PROP_FLIP;
    public static final String PROP_CONFIDENCE = "keypoints.confidence";
    /** The face detector's score for the face, where a detector found it. */
    public static final String PROP_SCORE = "keypoints.score";

    /** The face detector's score kept on a point selection, NaN where there is none or it is not a number. */
    public static double score(Roi roi) {
        String s = roi.getProperty(PROP_SCORE);
        if (s == null) return Double.NaN;
        try {
            double v = Double.parseDouble(s.trim());
            return v >= 0 && v <= 1 ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private RoiConversion() {}

    public static PointRoi toRoi(Landmarks points, LandmarkSet set, String name, double[] confidence) {
        float[] x = new float[points.size()], y = new float[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) points.x(i);
            y[i] = (float) points.y(i);
        }
        PointRoi roi = new PointRoi(x, y, x.length);
        roi.setName(name);
        roi.setProperty(PROP_SET, set.id());
        roi.setProperty(PROP_NAMES, String.join(",", set.names()));
        roi.setProperty(PROP_FLIP, join(set.flipPermutation()));
        if (confidence != null) {
            StringBuilder b = new StringBuilder();
            for (double c : confidence) b.append(b.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", c));
            roi.setProperty(PROP_CONFIDENCE, b.toString());
        }
        roi.setShowLabels(false);
        // Filled dots in the ROI's colour read better on faces than ImageJ's default cross-hairs.
        roi.setPointType(PointRoi.DOT);
        roi.setSize(2);
        return roi;
    }

    /** The points of a point selection, in order (read by the core's {@link RoiLandmarks}). */
    public static Landmarks points(Roi roi) { return RoiLandmarks.points(roi); }

    /** The landmark set a selection's points belong to (see {@link RoiLandmarks#landmarkSet}). */
    public static LandmarkSet landmarkSet(Roi roi) { return RoiLandmarks.landmarkSet(roi); }

    static String join(int[] v) {
        StringBuilder b = new StringBuilder();
        for (int x : v) b.append(b.length() == 0 ? "" : ",").append(x);
        return b.toString();
    }
}
