package org.facialkeypoints.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Where an annotated image's pixels come from: {@link #FILES} reads the file; tests and the Fiji layer bring their
 * own. */
@FunctionalInterface
public interface ImageSource {

    /** Slice {@code slice} (from 1) of the image as gray pixels. */
    GrayImage load(Path image, int slice) throws IOException;

    /** Reads the image file; a slice past the first opens the stack. */
    ImageSource FILES = (image, slice) -> {
        if (slice == 1) return ImageFiles.readGray(image);
        List<GrayImage> slices = ImageConversion.slices(ImageFiles.open(image));
        if (slice > slices.size()) throw new IOException(image + " has " + slices.size() + " slices, not " + slice);
        return slices.get(slice - 1);
    };
}
