package org.facialkeypoints.detect;

import org.facialkeypoints.image.GrayImage;

/**
 * Finds the faces on an image, each as the box a landmark model expects. Implementations may be used from several
 * threads at once.
 */
public interface FaceFinder extends AutoCloseable {

    /**
     * Every face on the image. Faces are found on the brightness alone, in every host and mode, so that a file gives
     * the same faces whether it was decoded whole, at reduced size or opened in Fiji (colour would find 13 more of the
     * 2,009 300-W faces at the default threshold, 0.6%, at the price of answers that change with the decoder).
     */
    FaceSearch find(GrayImage gray);

    @Override
    default void close() {}
}
