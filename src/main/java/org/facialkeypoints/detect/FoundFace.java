package org.facialkeypoints.detect;

import org.facialkeypoints.geometry.FaceBox;

/**
 * A face to put landmarks on: the box in the kind the landmark model was trained on (the box around a face's
 * points), and how sure the face detector was of it, in [0, 1]; NaN where the user gave the box.
 */
public record FoundFace(FaceBox box, double score) {

    /** A box the user drew or listed: no detector score. */
    public static FoundFace given(FaceBox box) { return new FoundFace(box, Double.NaN); }

    public boolean hasScore() { return !Double.isNaN(score); }
}
