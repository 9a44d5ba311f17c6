package org.facialkeypoints.train;

import java.util.Locale;

/** What training minimizes. */
public enum LossKind {
    /** Mean squared error of the coordinates: the course's loss. */
    MSE,
    /** Mean absolute error of the coordinates: less pulled by the few hard faces. */
    L1,
    /** Heatmaps: squared error summed over every pixel of every map and averaged over the batch (the course's). */
    HEATMAP_MSE_SUM,
    /** Heatmaps: cross-entropy between the target and predicted distributions of each map. */
    HEATMAP_CROSS_ENTROPY;

    public boolean forHeatmaps() { return this == HEATMAP_MSE_SUM || this == HEATMAP_CROSS_ENTROPY; }

    public String id() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    public static LossKind fromId(String id) {
        for (LossKind k : values()) if (k.id().equals(id.toLowerCase(Locale.ROOT))) return k;
        throw new IllegalArgumentException("unknown loss '" + id + "'; choose mse, l1, heatmap-mse-sum or heatmap-cross-entropy");
    }
}
