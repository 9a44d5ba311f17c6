package org.facialkeypoints.detect;

import org.facialkeypoints.geometry.FaceBox;

/**
 * A face to put landmarks on: the box in the kind the landmark model was trained on (the box around a face's
 * points), how sure the face detector was of it, in [0, 1] (NaN where the user gave the box), and the angle by which
 * the crop is turned so that the face comes out upright (radians, 0 for none).
 */
public record FoundFace(FaceBox box, double score, double roll) {

    public FoundFace(FaceBox box, double score) { this(box, score, 0); }

    /** A box the user drew or listed: no detector score. */
    public static FoundFace given(FaceBox box) { return new FoundFace(box, Double.NaN, 0); }

    public boolean hasScore() { return !Double.isNaN(score); }
}
