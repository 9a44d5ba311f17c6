package org.facialkeypoints.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts each eye of an IMM shape in the database's majority order. In 231 of the 240 shape files each eye is a closed
 * path of 8 points that starts at the eye's outer corner and runs along the upper lid to the inner corner (point 4)
 * and back along the lower lid; nine files list one eye from its inner corner instead, mirrored, which swaps the
 * corners and turns the path the other way round. Such an eye is recognised by its geometry, not by file name: its
 * first point lies nearer the other eye than its point 4 does, and its path turns the opposite way to the majority's
 * (in the face's own axes, so a tilted head does not matter). Only when both say so is the eye reordered; an eye
 * where they disagree is left as it is, with a note.
 *
 * <p>Measured on the 240 files: a majority eye's first corner is at least 1.30 times as far from the other eye as its
 * point 4, a reversed eye's at most 0.69 times; the turn's sign separates them as cleanly.
 */
final class ImmEyeOrder {

    /** IMM's point count, and where its two eye paths start: the subject's left eye (image right), then the right. */
    static final int POINTS = 58;
    static final int LEFT_EYE = 13;
    static final int RIGHT_EYE = 21;
    static final int EYE_POINTS = 8;

    private ImmEyeOrder() {}

    /**
     * Reorders reversed eyes of {@code x, y} (image pixels, IMM's 58 points) in place; returns one note per eye it
     * reordered or could not decide on, empty for a shape in the majority order. Shapes of another size are left
     * alone.
     */
    static List<String> repair(double[] x, double[] y) {
        List<String> notes = new ArrayList<>();
        if (x.length != POINTS || y.length != POINTS) return notes;
        double[] left = centre(x, y, LEFT_EYE), right = centre(x, y, RIGHT_EYE);
        double ux = left[0] - right[0], uy = left[1] - right[1];
        double len = Math.hypot(ux, uy);
        if (!(len > 0)) return notes;
        ux /= len;
        uy /= len;
        for (int eye : new int[] {LEFT_EYE, RIGHT_EYE}) {
            double[] c = eye == LEFT_EYE ? left : right, other = eye == LEFT_EYE ? right : left;
            String what = (eye == LEFT_EYE ? "the subject's left eye" : "the subject's right eye")
                    + " (points " + eye + "-" + (eye + EYE_POINTS - 1) + ")";
            boolean innerFirst = Math.hypot(x[eye] - other[0], y[eye] - other[1])
                    < Math.hypot(x[eye + 4] - other[0], y[eye + 4] - other[1]);
            // In face axes (u from the right eye to the left, v down the face) the majority's left eye turns with a
            // negative signed area, the right eye, its mirror image, with a positive one.
            double area = signedArea(x, y, eye, c, ux, uy);
            boolean turnsBack = eye == LEFT_EYE ? area > 0 : area < 0;
            if (innerFirst && turnsBack) {
                reverse(x, eye);
                reverse(y, eye);
                notes.add(what + " was listed from its inner corner; put in the usual order, outer corner first");
            } else if (innerFirst || turnsBack) {
                notes.add(what + ": point order unclear (" + (innerFirst ? "starts at the inner corner" : "turns the other way")
                        + "); left as listed");
            }
        }
        return notes;
    }

    private static double[] centre(double[] x, double[] y, int start) {
        double sx = 0, sy = 0;
        for (int k = 0; k < EYE_POINTS; k++) {
            sx += x[start + k];
            sy += y[start + k];
        }
        return new double[] {sx / EYE_POINTS, sy / EYE_POINTS};
    }

    private static double signedArea(double[] x, double[] y, int start, double[] c, double ux, double uy) {
        double area = 0;
        for (int k = 0; k < EYE_POINTS; k++) {
            int i = start + k, j = start + (k + 1) % EYE_POINTS;
            double ai = (x[i] - c[0]) * ux + (y[i] - c[1]) * uy, bi = -(x[i] - c[0]) * uy + (y[i] - c[1]) * ux;
            double aj = (x[j] - c[0]) * ux + (y[j] - c[1]) * uy, bj = -(x[j] - c[0]) * uy + (y[j] - c[1]) * ux;
            area += ai * bj - aj * bi;
        }
        return area / 2;
    }

    /** The mirror order: point k takes point (4 - k) mod 8, so the corners swap and both lids run the other way. */
    private static void reverse(double[] v, int start) {
        double[] old = new double[EYE_POINTS];
        System.arraycopy(v, start, old, 0, EYE_POINTS);
        for (int k = 0; k < EYE_POINTS; k++) v[start + k] = old[Math.floorMod(4 - k, EYE_POINTS)];
    }
}
