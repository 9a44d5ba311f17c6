package org.facialkeypoints.fiji;

import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.FloatPolygon;
import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.landmarks.Landmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Keypoints as ImageJ point selections and back. A face is one {@link PointRoi} whose points keep the landmark
 * set's fixed order; the set's id, point names and flip pairs travel as ROI properties (saved in .roi files and
 * RoiSet.zip), so corrected points read back as training data with their names. ImageJ's point coordinates use the
 * same convention as the core: integer coordinates are pixel centres, and sub-pixel positions are kept.
 */
public final class RoiConversion {

    public static final String PROP_SET = "keypoints.set";
    public static final String PROP_NAMES = "keypoints.names";
    public static final String PROP_FLIP = "keypoints.flip";
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

    /** The points of a point selection, in order. */
    public static Landmarks points(Roi roi) {
        if (roi == null) throw new IllegalArgumentException("no selection");
        if (roi.getType() != Roi.POINT) throw new IllegalArgumentException("selection '" + roi.getName() + "' is not a point selection");
        FloatPolygon p = roi.getFloatPolygon();
        double[] x = new double[p.npoints], y = new double[p.npoints];
        for (int i = 0; i < p.npoints; i++) {
            x[i] = p.xpoints[i];
            y[i] = p.ypoints[i];
        }
        return new Landmarks(x, y);
    }

    /**
     * The landmark set a selection's points belong to: from its properties when it was made by this plugin, else
     * by count (58: IMM, 68: iBUG 300-W), else a generic set named p0, p1, ... with no flip pairs.
     */
    public static LandmarkSet landmarkSet(Roi roi) {
        String id = roi.getProperty(PROP_SET), names = roi.getProperty(PROP_NAMES), flip = roi.getProperty(PROP_FLIP);
        int n = roi.getFloatPolygon().npoints;
        if (id != null && names != null && flip != null) {
            List<String> list = Arrays.asList(names.split(","));
            int[] perm = Arrays.stream(flip.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
            if (list.size() == n) {
                LandmarkSet known = LandmarkSets.byId(id);
                LandmarkSet made = new LandmarkSet(id, list, perm);
                return known != null && known.sameAs(made) ? known : made;
            }
        }
        if (n == 58) return LandmarkSets.IMM_58;
        if (n == 68) return LandmarkSets.IBUG_68;
        String[] generic = new String[n];
        int[] self = new int[n];
        for (int i = 0; i < n; i++) {
            generic[i] = "p" + i;
            self[i] = i;
        }
        return new LandmarkSet("points-" + n, List.of(generic), self);
    }

    static String join(int[] v) {
        StringBuilder b = new StringBuilder();
        for (int x : v) b.append(b.length() == 0 ? "" : ",").append(x);
        return b.toString();
    }
}
