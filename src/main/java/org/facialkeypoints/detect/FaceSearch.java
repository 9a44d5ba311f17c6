package org.facialkeypoints.detect;

import java.util.List;

/**
 * What a search for faces on one image gave: the faces above the score threshold, best first, and how many more
 * were too small for the detector to be trusted with (reported, not guessed).
 */
public record FaceSearch(List<FoundFace> faces, int tooSmall) {

    public FaceSearch {
        faces = List.copyOf(faces);
        if (tooSmall < 0) throw new IllegalArgumentException("tooSmall < 0");
    }

    public boolean isEmpty() { return faces.isEmpty(); }
}
