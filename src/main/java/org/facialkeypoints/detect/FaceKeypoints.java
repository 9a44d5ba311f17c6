package org.facialkeypoints.detect;

import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.landmarks.Landmarks;

/**
 * The points found on one face, in the original image's pixel coordinates, with the face box that was used (null
 * for whole-image models), where the model gives one a confidence per point in [0, 1], and the face detector's
 * score for the face (NaN where no detector looked: a box the user gave, or a whole image taken as one face).
 */
public record FaceKeypoints(Landmarks points, FaceBox box, double[] confidence, double score) {

    public FaceKeypoints(Landmarks points, FaceBox box, double[] confidence) {
        this(points, box, confidence, Double.NaN);
    }

    public boolean hasConfidence() { return confidence != null; }

    public boolean hasScore() { return !Double.isNaN(score); }
}
