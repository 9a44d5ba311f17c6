package org.facialkeypoints.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.facialkeypoints.geometry.CropWindow;
import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.landmarks.LandmarkSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to rebuild a model and feed it: pipeline, architecture and its settings, input grid, how the
 * face is cropped, what comes out, and which points. Pixels enter as v / 255 - 0.5 for every model.
 */
public record ModelConfig(Pipeline pipeline, String architecture, JsonObject settings, int inputWidth, int inputHeight,
                          double cropMargin, HeatmapSpec heatmap, LandmarkSet landmarks) {

    public static final double PIXEL_SCALE = 1.0 / 255, PIXEL_OFFSET = -0.5;

    public ModelConfig {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(landmarks, "landmarks");
        settings = settings == null ? new JsonObject() : settings.deepCopy();
        if (inputWidth < 8 || inputHeight < 8 || inputWidth > 2048 || inputHeight > 2048) {
            throw new IllegalArgumentException("input size out of range: " + inputWidth + "x" + inputHeight);
        }
        if (!(cropMargin >= 0) || cropMargin > 4) throw new IllegalArgumentException("crop margin must be in [0, 4]: " + cropMargin);
        if (pipeline.heatmaps() != (heatmap != null)) {
            throw new IllegalArgumentException("pipeline " + pipeline + (pipeline.heatmaps() ? " needs" : " takes no") + " heatmap settings");
        }
    }

    @Override
    public JsonObject settings() { return settings.deepCopy(); }

    public int outputSize() { return 2 * landmarks.size(); }

    /**
     * Where the model looks in an image of the given size: all of it for whole-image pipelines; for face-crop
     * pipelines a square around the box (the whole image when there is no box).
     */
    public CropWindow window(int imageWidth, int imageHeight, FaceBox box) {
        return window(imageWidth, imageHeight, box, 0);
    }

    /** {@link #window(int, int, FaceBox)} for a face whose eyes lie at {@code roll} radians: the crop is turned upright. */
    public CropWindow window(int imageWidth, int imageHeight, FaceBox box, double roll) {
        if (!pipeline.cropsFaces()) return CropWindow.wholeImage(imageWidth, imageHeight, inputWidth, inputHeight);
        FaceBox b = box != null ? box : new FaceBox(-0.5, -0.5, imageWidth, imageHeight);
        return CropWindow.squareAround(b, cropMargin, roll, inputWidth, inputHeight);
    }

    /** The same model at another input size; heatmaps keep their stride and sigma. */
    public ModelConfig withInputSize(int w, int h) {
        HeatmapSpec hm = heatmap;
        if (hm != null) {
            int stride = intSetting("output_stride", Math.max(1, inputWidth / hm.width()));
            hm = new HeatmapSpec(w / stride, h / stride, hm.sigma());
        }
        return new ModelConfig(pipeline, architecture, settings, w, h, cropMargin, hm, landmarks);
    }

    /** One architecture setting changed; the heatmaps' size follows a changed output_stride. */
    public ModelConfig withSetting(String key, JsonElement value) {
        JsonObject s = settings.deepCopy();
        s.add(key, value);
        ModelConfig changed = new ModelConfig(pipeline, architecture, s, inputWidth, inputHeight, cropMargin, heatmap, landmarks);
        return "output_stride".equals(key) ? changed.withInputSize(inputWidth, inputHeight) : changed;
    }

    public ModelConfig withLandmarks(LandmarkSet set) {
        return new ModelConfig(pipeline, architecture, settings, inputWidth, inputHeight, cropMargin, heatmap, set);
    }

    public ModelConfig withCropMargin(double margin) {
        return new ModelConfig(pipeline, architecture, settings, inputWidth, inputHeight, margin, heatmap, landmarks);
    }

    public ModelConfig withHeatmap(HeatmapSpec spec) {
        return new ModelConfig(pipeline, architecture, settings, inputWidth, inputHeight, cropMargin, spec, landmarks);
    }

    public int intSetting(String key, int fallback) {
        return settings.has(key) ? settings.get(key).getAsInt() : fallback;
    }

    public double doubleSetting(String key, double fallback) {
        return settings.has(key) ? settings.get(key).getAsDouble() : fallback;
    }

    public boolean boolSetting(String key, boolean fallback) {
        return settings.has(key) ? settings.get(key).getAsBoolean() : fallback;
    }

    public String stringSetting(String key, String fallback) {
        return settings.has(key) ? settings.get(key).getAsString() : fallback;
    }

    public List<Integer> intListSetting(String key) {
        List<Integer> out = new ArrayList<>();
        if (settings.has(key)) for (JsonElement e : settings.getAsJsonArray(key)) out.add(e.getAsInt());
        return out;
    }

    public static JsonArray intArray(int... values) {
        JsonArray a = new JsonArray();
        for (int v : values) a.add(v);
        return a;
    }

    /** Brings intensities on the 0..255 scale to the scale every model takes, v / 255 - 0.5, in place. */
    public static void normalize(float[] values, int offset, int length) {
        float scale = (float) PIXEL_SCALE, shift = (float) PIXEL_OFFSET;
        for (int i = offset; i < offset + length; i++) values[i] = values[i] * scale + shift;
    }
}
