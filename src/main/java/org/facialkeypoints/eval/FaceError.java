package org.facialkeypoints.eval;

import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.Landmarks;

/**
 * How far one face's predicted points are from the truth, in the measures the course and 300-W use.
 *
 * @param mseNorm  mean over points and both coordinates of ((x - x') / W)^2 and ((y - y') / H)^2, W x H the image
 * @param maePx    mean over points and both coordinates of |x - x'| and |y - y'| in pixels (the class competition's)
 * @param meanErrPx mean point-to-point distance in pixels
 * @param nme      mean distance divided by the inter-ocular distance (outer eye corners), NaN where not defined
 */
public record FaceError(String image, double mseNorm, double maePx, double meanErrPx, double nme) {

    public static FaceError of(String image, Landmarks truth, Landmarks predicted, int width, int height, int[] outerEyeCorners) {
        if (truth.size() != predicted.size()) throw new IllegalArgumentException("point counts differ: " + truth.size() + " vs " + predicted.size());
        int n = truth.size();
        double sq = 0, abs = 0, dist = 0;
        for (int i = 0; i < n; i++) {
            double dx = predicted.x(i) - truth.x(i), dy = predicted.y(i) - truth.y(i);
            sq += (dx / width) * (dx / width) + (dy / height) * (dy / height);
            abs += Math.abs(dx) + Math.abs(dy);
            dist += Math.hypot(dx, dy);
        }
        double nme = Double.NaN;
        if (outerEyeCorners != null) {
            double iod = Math.hypot(truth.x(outerEyeCorners[0]) - truth.x(outerEyeCorners[1]),
                    truth.y(outerEyeCorners[0]) - truth.y(outerEyeCorners[1]));
            if (iod > 0) nme = dist / n / iod;
        }
        return new FaceError(image, sq / (2 * n), abs / (2 * n), dist / n, nme);
    }

    /** The outer eye corners, where the landmark set names them, for the inter-ocular normalization; else null. */
    public static int[] outerEyeCorners(LandmarkSet set) {
        if (set.names().contains("right_eye_outer") && set.names().contains("left_eye_outer")) {
            return new int[] {set.indexOf("right_eye_outer"), set.indexOf("left_eye_outer")};
        }
        return null;
    }
}
