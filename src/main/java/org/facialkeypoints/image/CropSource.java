package org.facialkeypoints.image;

import org.facialkeypoints.geometry.Affine2D;
import org.facialkeypoints.geometry.CropWindow;
import org.facialkeypoints.geometry.PixelBounds;

/**
 * Input preparation: the part of an original image a model input (a crop) is sampled from, already shrunk to about
 * the input's scale so that the final bilinear sampling does not alias: {@code fromOriginal} maps original pixel
 * coordinates onto {@code pixels}. Training keeps one per face, so each image is decoded and shrunk once, not every
 * epoch.
 */
public record CropSource(GrayImage pixels, Affine2D fromOriginal) {

    /**
     * Keeps the window's area plus {@code margin} (a fraction of the window's size on every side, room for
     * augmentation to rotate and shift) at the window's scale, or at full resolution when the window enlarges.
     */
    public static CropSource prepare(GrayImage original, CropWindow window, double margin) {
        return prepare(original, 1, original.width(), original.height(), window, margin);
    }

    /**
     * As {@link #prepare(GrayImage, CropWindow, double)}, from pixels stored at 1/factor of the original's
     * width x height (as {@link ReducedGray} stores them): pixel i covers original pixels
     * i factor .. (i + 1) factor - 1. Where the window's scale is 1/factor the stored pixels are used as they are.
     */
    public static CropSource prepare(GrayImage stored, int factor, int width, int height, CropWindow window, double margin) {
        if (stored.width() * factor != width || stored.height() * factor != height) {
            throw new IllegalArgumentException(stored.width() + "x" + stored.height() + " pixels do not store " + width + "x" + height + " at 1/" + factor);
        }
        double w = window.inputWidth(), h = window.inputHeight();
        // Whole pixels of the original inside the region (edges at +-0.5 around centres).
        PixelBounds b = PixelBounds.of(window.toOriginal(), -0.5 - margin * w, -0.5 - margin * h, w - 0.5 + margin * w,
                h - 0.5 + margin * h, width, height);
        int x0 = b.x0(), y0 = b.y0(), x1 = b.x1(), y1 = b.y1();
        if (b.isEmpty()) {
            // The window lies outside the image: a one-pixel black source keeps the sampling well defined.
            return new CropSource(new GrayImage(1, 1), Affine2D.translation(-1e9, -1e9));
        }
        // The same region in stored pixels, widened to whole stored pixels.
        int sx0 = x0 / factor, sy0 = y0 / factor, sx1 = (x1 + factor - 1) / factor, sy1 = (y1 + factor - 1) / factor;
        GrayImage region = crop(stored, sx0, sy0, sx1 - sx0, sy1 - sy0);
        Affine2D toRegion = (factor == 1 ? Affine2D.IDENTITY : Affine2D.resize(width, height, stored.width(), stored.height()))
                .then(Affine2D.translation(-sx0, -sy0));
        double scale = Math.min(1, window.toInput().scale() * factor);
        int rw = Math.max(1, (int) Math.round(region.width() * scale)), rh = Math.max(1, (int) Math.round(region.height() * scale));
        if (rw == region.width() && rh == region.height()) return new CropSource(region, toRegion);
        GrayImage small = Resampling.resize(region, rw, rh);
        return new CropSource(small, toRegion.then(Affine2D.resize(region.width(), region.height(), rw, rh)));
    }

    static GrayImage crop(GrayImage src, int x0, int y0, int w, int h) {
        if (x0 == 0 && y0 == 0 && w == src.width() && h == src.height()) return src;
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) System.arraycopy(src.pixels(), (y0 + y) * src.width() + x0, out, y * w, w);
        return new GrayImage(w, h, out);
    }

    /**
     * Samples the crop for the given map from original coordinates to the input grid, intensities on the 0..255
     * scale (the model's normalization, and photometric augmentation before it, are the caller's). Outside the
     * image counts as black.
     */
    public void sample(Affine2D originalToInput, int w, int h, float[] dst, int offset) {
        Affine2D inputToSource = originalToInput.inverse().then(fromOriginal);
        Resampling.warp(pixels, inputToSource, w, h, 0f, dst, offset);
    }
}
