package org.facialkeypoints.data;

import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.landmarks.Landmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One annotated face: the image it is in (with the slice, 1-based, for stacks), that image's size, and the face's
 * points in the image's pixel coordinates, with a face box if the source gave one, and the notes the reader made
 * about what it repaired (one line each; none for most faces).
 */
public record AnnotatedSample(Path image, int slice, int imageWidth, int imageHeight, Landmarks points, FaceBox box,
        List<String> notes) {

    public AnnotatedSample {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(points, "points");
        if (imageWidth <= 0 || imageHeight <= 0) throw new IllegalArgumentException("image size must be positive for " + image);
        if (slice < 1) throw new IllegalArgumentException("slice numbers start at 1");
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public AnnotatedSample(Path image, int slice, int imageWidth, int imageHeight, Landmarks points, FaceBox box) {
        this(image, slice, imageWidth, imageHeight, points, box, List.of());
    }

    public AnnotatedSample(Path image, int imageWidth, int imageHeight, Landmarks points) {
        this(image, 1, imageWidth, imageHeight, points, null);
    }

    /** The face box the source gave, or the tight box around the points. */
    public FaceBox boxOrPointExtent() { return box != null ? box : FaceBox.around(points); }

    public String imageName() { return image.getFileName().toString(); }
}
