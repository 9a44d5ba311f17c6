package org.facialkeypoints.detect;

import org.facialkeypoints.geometry.FaceBox;

/**
 * A face to put landmarks on: the box in the kind the landmark model was trained on (the box around a face's
 * points), how sure the face detector was of it, in [0, 1], and the angle by which the crop is turned so that the
 * face comes out upright (radians, 0 for none).
 */
public record FoundFace(FaceBox box, double score, double roll) {}
