package org.facialkeypoints.facedetect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The faces found on one image, best score first, and how many more were found but too small to use (so a caller
 * can say "2 faces too small" instead of "no face").
 */
public record Detections(List<DetectedFace> faces, int tooSmall) {

    public Detections {
        if (tooSmall < 0) throw new IllegalArgumentException("tooSmall must not be negative, got " + tooSmall);
        List<DetectedFace> sorted = new ArrayList<>(faces);
        sorted.sort(Comparator.comparingDouble(DetectedFace::score).reversed());
        faces = List.copyOf(sorted);
    }

    public boolean isEmpty() { return faces.isEmpty(); }
}
