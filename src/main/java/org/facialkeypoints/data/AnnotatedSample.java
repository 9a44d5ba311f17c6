package org.facialkeypoints.data;

import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.landmarks.Landmarks;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One annotated face: the image it is in (with the slice, 1-based, for stacks), that image's size, and the face's
 * points in the image's pixel coordinates, with a face box if the source gave one.
 */
public record AnnotatedSample(Path image, int slice, int imageWidth, int imageHeight, Landmarks points, FaceBox box) {

    public AnnotatedSample {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(points, "points");
        if (imageWidth <= 0 || imageHeight <= 0) throw new IllegalArgumentException("image size must be positive for " + image);
        if (slice < 1) throw new IllegalArgumentException("slice numbers start at 1");
    }

    public AnnotatedSample(Path image, int imageWidth, int imageHeight, Landmarks points) {
        this(image, 1, imageWidth, imageHeight, points, null);
    }

    /** The face box the source gave, or the tight box around the points. */
    public FaceBox boxOrPointExtent() { return box != null ? box : FaceBox.around(points); }

    public String imageName() { return image.getFileName().toString(); }
}
