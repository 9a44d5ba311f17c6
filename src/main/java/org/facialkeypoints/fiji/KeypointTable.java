package org.facialkeypoints.fiji;

import ij.measure.ResultsTable;
import org.facialkeypoints.detect.FaceKeypoints;
import org.facialkeypoints.landmarks.LandmarkSet;

/** Keypoints as an ImageJ results table: image, slice, face, point, name, x, y, the face
 * detector's score (NaN for boxes the user gave) and, where known, confidence. */
public final class KeypointTable {

    public static final String TITLE = "Keypoints";

    private KeypointTable() {}

    public static void add(ResultsTable table, String image, int slice, int face, LandmarkSet set, FaceKeypoints found) {
        for (int i = 0; i < found.points().size(); i++) {
            table.incrementCounter();
            table.addValue("image", image);
            table.addValue("slice", slice);
            table.addValue("face", face);
            table.addValue("point", i);
            table.addValue("name", set.name(i));
            // A non-finite coordinate is left empty rather than shown as a number.
            double x = found.points().x(i), y = found.points().y(i);
            if (Double.isFinite(x)) table.addValue("x", x); else table.addValue("x", "");
            if (Double.isFinite(y)) table.addValue("y", y); else table.addValue("y", "");
            table.addValue("score", found.hasScore() ? found.score() : Double.NaN);
            if (found.hasConfidence()) table.addValue("confidence", found.confidence()[i]);
        }
    }
}
