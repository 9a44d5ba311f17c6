package org.facialkeypoints.detect;

import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.image.GrayImage;

import java.util.ArrayList;
import java.util.List;

/** Where the face is, for models that look at a crop around a face box. */
@FunctionalInterface
public interface BoxFinder {

    /** The face's box, or null when none is found. */
    FaceBox find(GrayImage image);

    /** One box per image (null where none is found); finders backed by a network run them as one batch. */
    default List<FaceBox> findAll(List<GrayImage> images) {
        List<FaceBox> boxes = new ArrayList<>(images.size());
        for (GrayImage g : images) boxes.add(find(g));
        return boxes;
    }

    /**
     * A whole-image keypoint model used as a face finder: the box around the points it finds. The shipped face
     * model does this for IMM-like portraits (one face, filling a good part of the frame); other photos need their
     * boxes given.
     */
    static BoxFinder fromKeypoints(KeypointDetector wholeImage) {
        if (wholeImage.config().pipeline().cropsFaces()) throw new IllegalArgumentException("a box finder must look at the whole image");
        return new BoxFinder() {
            @Override
            public FaceBox find(GrayImage image) {
                return FaceBox.around(wholeImage.detect(image, null).points());
            }

            @Override
            public List<FaceBox> findAll(List<GrayImage> images) {
                List<FaceBox> boxes = new ArrayList<>(images.size());
                for (FaceKeypoints k : wholeImage.detect(images, java.util.Collections.nCopies(images.size(), null))) boxes.add(FaceBox.around(k.points()));
                return boxes;
            }
        };
    }
}
