package org.facialkeypoints.detect;

import org.facialkeypoints.geometry.Affine2D;
import org.facialkeypoints.geometry.CropWindow;

/**
 * A heatmap model's maps for one face: {@code points} distributions (each sums to 1) of {@code width} x
 * {@code height} pixels, and where they lie in the original image: heatmap pixel (i, j) sits at input-grid
 * position ((i + 0.5) s - 0.5, (j + 0.5) s - 0.5) with s the input / heatmap ratio, and the window maps the input
 * grid to the original image.
 */
public record HeatmapResult(float[] maps, int points, int width, int height, CropWindow window) {

    /** From heatmap pixel coordinates to original image coordinates. */
    public Affine2D mapToOriginal() {
        Affine2D mapToInput = Affine2D.resize(width, height, window.inputWidth(), window.inputHeight());
        return mapToInput.then(window.toOriginal());
    }

    public float[] map(int point) {
        float[] m = new float[width * height];
        System.arraycopy(maps, point * width * height, m, 0, m.length);
        return m;
    }

    /** All maps added up. */
    public float[] sum() {
        float[] s = new float[width * height];
        for (int p = 0; p < points; p++) for (int i = 0; i < s.length; i++) s[i] += maps[p * s.length + i];
        return s;
    }
}
