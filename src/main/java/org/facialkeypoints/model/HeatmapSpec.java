package org.facialkeypoints.model;

/**
 * The heatmaps a heatmap model predicts: their grid size, and the Gaussian's standard deviation as a fraction of
 * the crop's side.
 */
public record HeatmapSpec(int width, int height, double sigma) {

    public HeatmapSpec {
        if (width <= 0 || height <= 0 || width > 1024 || height > 1024) throw new IllegalArgumentException("heatmap size out of range: " + width + "x" + height);
        if (!(sigma > 0) || sigma > 0.5) throw new IllegalArgumentException("heatmap sigma must be in (0, 0.5] of the crop: " + sigma);
    }
}
