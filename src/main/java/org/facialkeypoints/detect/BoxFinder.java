package org.facialkeypoints.detect;

import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.image.GrayImage;

/** Where the face is, for models that look at a crop around a face box. */
@FunctionalInterface
public interface BoxFinder {

    /** The face's box, or null when none is found. */
    FaceBox find(GrayImage image);

    /**
     * A whole-image keypoint model used as a face finder: the box around the points it finds. The shipped face
     * model does this for IMM-like portraits (one face, filling a good part of the frame); other photos need their
     * boxes given.
     */
    static BoxFinder fromKeypoints(KeypointDetector wholeImage) {
        if (wholeImage.config().pipeline().cropsFaces()) throw new IllegalArgumentException("a box finder must look at the whole image");
        return image -> FaceBox.around(wholeImage.detect(image, null).points());
    }
}
