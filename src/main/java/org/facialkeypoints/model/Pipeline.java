package org.facialkeypoints.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The four ways the product finds keypoints. The first two read the whole image and regress coordinates; the last
 * two read a square crop around a face box, one regressing coordinates with a ResNet, one predicting a heatmap per
 * point with a UNet.
 */
public enum Pipeline {
    NOSE("nose", false, false, "compact"),
    FACE("face", false, false, "compact"),
    RESNET("resnet", true, false, "resnet18"),
    UNET("unet", true, true, "unet");

    private final String id;
    private final boolean cropsFaces;
    private final boolean heatmaps;
    private final String defaultArchitecture;

    Pipeline(String id, boolean cropsFaces, boolean heatmaps, String defaultArchitecture) {
        this.id = id;
        this.cropsFaces = cropsFaces;
        this.heatmaps = heatmaps;
        this.defaultArchitecture = defaultArchitecture;
    }

    public String id() { return id; }

    /** True when the model sees a square crop around a face box rather than the whole image. */
    public boolean cropsFaces() { return cropsFaces; }

    /** True when the model outputs one heatmap per point rather than coordinates. */
    public boolean heatmaps() { return heatmaps; }

    public String defaultArchitecture() { return defaultArchitecture; }

    public static Pipeline fromId(String id) {
        for (Pipeline p : values()) if (p.id.equals(id.toLowerCase(Locale.ROOT))) return p;
        throw new IllegalArgumentException("unknown pipeline '" + id + "'; choose one of "
                + Arrays.stream(values()).map(Pipeline::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() { return id; }
}
