package org.facialkeypoints.detect;

import org.facialkeypoints.geometry.FaceBox;

import java.util.ArrayList;
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

    /** Boxes the user gave, in their order. */
    public static FaceSearch given(List<FaceBox> boxes) {
        List<FoundFace> faces = new ArrayList<>(boxes.size());
        for (FaceBox b : boxes) faces.add(FoundFace.given(b));
        return new FaceSearch(faces, 0);
    }

    public boolean isEmpty() { return faces.isEmpty(); }
}
