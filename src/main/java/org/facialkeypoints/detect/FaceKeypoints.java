package org.facialkeypoints.detect;

import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.landmarks.Landmarks;

/**
 * The points found on one face, in the original image's pixel coordinates, with the face box that was used (null
 * for whole-image models) and, where the model gives one, a confidence per point in [0, 1].
 */
public record FaceKeypoints(Landmarks points, FaceBox box, double[] confidence) {

    public boolean hasConfidence() { return confidence != null; }
}
