package org.facialkeypoints.facedetect;

import org.facialkeypoints.geometry.FaceBox;

import java.util.Arrays;
import java.util.Objects;

/**
 * One face YuNet found, in the image's pixel coordinates (0 at the first pixel's centre, as everywhere in this
 * library). {@code fivePoints} holds x, y pairs in YuNet's order: right eye, left eye, nose tip, right mouth corner,
 * left mouth corner ("right" is the subject's right, on the image's left in a frontal face).
 */
public record DetectedFace(FaceBox box, double score, double[] fivePoints) {

    public static final int RIGHT_EYE = 0, LEFT_EYE = 1, NOSE_TIP = 2, RIGHT_MOUTH_CORNER = 3, LEFT_MOUTH_CORNER = 4;

    public DetectedFace {
        Objects.requireNonNull(box, "box");
        if (!(score >= 0 && score <= 1)) throw new IllegalArgumentException("score must lie in [0, 1], got " + score);
        if (fivePoints == null || fivePoints.length != 10) {
            throw new IllegalArgumentException("five points need 10 coordinates, got " + (fivePoints == null ? "none" : fivePoints.length));
        }
        fivePoints = fivePoints.clone();
    }

    /** A copy: the record stays immutable. */
    @Override
    public double[] fivePoints() { return fivePoints.clone(); }

    public double pointX(int point) { return fivePoints[2 * point]; }

    public double pointY(int point) { return fivePoints[2 * point + 1]; }

    @Override
    public boolean equals(Object o) {
        return o instanceof DetectedFace f && box.equals(f.box) && Double.compare(score, f.score) == 0
                && Arrays.equals(fivePoints, f.fivePoints);
    }

    @Override
    public int hashCode() { return Objects.hash(box, score, Arrays.hashCode(fivePoints)); }

    @Override
    public String toString() { return "DetectedFace[" + box + ", score " + score + "]"; }
}
