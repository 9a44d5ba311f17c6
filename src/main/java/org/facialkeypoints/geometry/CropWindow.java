package org.facialkeypoints.geometry;

/**
 * Which part of an original image a model sees, and at what size: the map from original pixel coordinates to the
 * model's input grid. Every pipeline goes through one, so points map back to the original image by its inverse.
 */
public record CropWindow(Affine2D toInput, int inputWidth, int inputHeight) {

    /** The whole image stretched to the input grid, as the IMM pipelines read it. */
    public static CropWindow wholeImage(int imageWidth, int imageHeight, int inputWidth, int inputHeight) {
        return new CropWindow(Affine2D.resize(imageWidth, imageHeight, inputWidth, inputHeight), inputWidth, inputHeight);
    }

    /**
     * A square around the box's centre whose side is the box's longer side times (1 + margin), scaled to the input
     * grid without distortion. The square may extend beyond the image.
     */
    public static CropWindow squareAround(FaceBox box, double margin, int inputWidth, int inputHeight) {
        return squareAround(box, margin, 0, inputWidth, inputHeight);
    }

    /**
     * {@link #squareAround(FaceBox, double, int, int)} turned about the box's centre by {@code roll} radians (the
     * angle of the line from the face's right eye to its left eye, y down): the face comes out upright.
     */
    public static CropWindow squareAround(FaceBox box, double margin, double roll, int inputWidth, int inputHeight) {
        double side = Math.max(box.width(), box.height()) * (1 + margin);
        double cx = box.centerX(), cy = box.centerY();
        // The square's outer edge maps onto the input grid's outer edge (-0.5 .. n - 0.5).
        Affine2D centred = Affine2D.translation(-cx, -cy);
        if (roll != 0) centred = centred.then(Affine2D.rotation(roll));
        Affine2D shift = centred.then(Affine2D.translation(side / 2 - 0.5, side / 2 - 0.5));
        return new CropWindow(shift.then(Affine2D.resize(side, side, inputWidth, inputHeight)), inputWidth, inputHeight);
    }

    public Affine2D toOriginal() { return toInput.inverse(); }
}
