package org.facialkeypoints.data;

import ij.gui.Roi;
import ij.process.FloatPolygon;
import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.landmarks.Landmarks;

import java.util.Arrays;
import java.util.List;

/**
 * The keypoints of an ImageJ point selection: its points in their fixed order, and the landmark set they belong to,
 * which this project keeps in the selection's properties (saved in .roi files and RoiSet.zip) so that corrected
 * points read back with their names. ImageJ's point coordinates follow the core's convention: integer coordinates
 * are pixel centres, and sub-pixel positions are kept.
 */
public final class RoiLandmarks {

    public static final String PROP_SET = "keypoints.set";
    public static final String PROP_NAMES = "keypoints.names";
    public static final String PROP_FLIP = "keypoints.flip";

    private RoiLandmarks() {}

    /** The points of a point selection, in order. */
    public static Landmarks points(Roi roi) {
        if (roi == null) throw new IllegalArgumentException("no selection");
        if (roi.getType() != Roi.POINT) {
            throw new IllegalArgumentException("selection '" + roi.getName() + "' is not a point selection");
        }
        FloatPolygon p = roi.getFloatPolygon();
        double[] x = new double[p.npoints], y = new double[p.npoints];
        for (int i = 0; i < p.npoints; i++) {
            x[i] = p.xpoints[i];
            y[i] = p.ypoints[i];
        }
        return new Landmarks(x, y);
    }

    /**
     * The landmark set a selection's points belong to: from its properties when it was made by this project, else
     * by count (58: IMM, 68: iBUG 300-W), else a generic set named p0, p1, ... with no flip pairs. Properties that
     * do not describe a set of the selection's size are refused, naming the selection.
     */
    public static LandmarkSet landmarkSet(Roi roi) {
        String id = roi.getProperty(PROP_SET), names = roi.getProperty(PROP_NAMES), flip = roi.getProperty(PROP_FLIP);
        int n = roi.getFloatPolygon().npoints;
        if (id != null && names != null && flip != null) {
            List<String> list = Arrays.asList(names.split(","));
            if (list.size() == n) {
                try {
                    int[] perm = Arrays.stream(flip.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
                    LandmarkSet known = LandmarkSets.byId(id);
                    LandmarkSet made = new LandmarkSet(id, list, perm);
                    return known != null && known.sameAs(made) ? known : made;
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("selection '" + roi.getName()
                            + "' has damaged keypoint properties ("
                            + RoiSetReader.shown(String.valueOf(e.getMessage())) + ")", e);
                }
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
}
