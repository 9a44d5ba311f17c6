package org.facialkeypoints.model;

import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import org.facialkeypoints.landmarks.LandmarkSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The named architectures of each pipeline, with their default settings, and the builder for each. */
public final class Architectures {

    private record Preset(Pipeline pipeline, String name, int inputWidth, int inputHeight, JsonObject settings, String summary) {}

    private static final Map<String, Preset> PRESETS = new LinkedHashMap<>();

    static {
        // The course's nose net, layer for layer: 129,842 parameters at 80x60.
        add(Pipeline.NOSE, "reference", 80, 60, conv(new int[] {12, 24, 32}, new int[] {7, 5, 3}, "valid", false, 128),
                "course nose net: conv 7/5/3 valid, 12-24-32 channels, FC 896-128-2");
        add(Pipeline.NOSE, "compact", 160, 120, conv(new int[] {32, 64, 96, 128, 192, 256}, new int[] {3, 3, 3, 3, 3, 3}, "same", true, 256),
                "the face pipeline's compact net with two outputs: batch norm, 160x120 input");
        // The course's 58-point net: 6 x (conv 3x3 + ReLU + max pool), FC 3072-2048-116; 10,458,996 parameters.
        add(Pipeline.FACE, "reference", 240, 180, conv(new int[] {32, 64, 128, 256, 512, 512}, new int[] {3, 3, 3, 3, 3, 3}, "same", false, 2048),
                "course 58-point net: 6 conv 3x3 32..512, FC 3072-2048-116");
        // Measured better and faster than the reference on IMM (docs/RESULTS.md): batch norm after every
        // convolution, fewer channels, a small head, and 160x120 input.
        add(Pipeline.FACE, "compact", 160, 120, conv(new int[] {32, 64, 96, 128, 192, 256}, new int[] {3, 3, 3, 3, 3, 3}, "same", true, 256),
                "58-point net: 6 x (conv 3x3 + batch norm + ReLU + max pool) 32..256, FC 512-256-116, 160x120 input");
        for (int depth : new int[] {18, 34, 50}) {
            JsonObject r = new JsonObject();
            r.addProperty("type", "resnet");
            r.addProperty("depth", depth);
            add(Pipeline.RESNET, "resnet" + depth, 224, 224, r, "ResNet-" + depth + " (DJL model zoo builder), 1 input channel, 2N outputs");
        }
        JsonObject u = new JsonObject();
        u.addProperty("type", "unet");
        u.add("widths", ModelConfig.intArray(16, 32, 64, 128, 256));
        u.addProperty("output_stride", 4);
        add(Pipeline.UNET, "unet", 224, 224, u, "UNet 16-32-64-128-256 with batch norm, heatmaps at 1/4 of the input (56x56)");
    }

    private Architectures() {}

    private static void add(Pipeline p, String name, int w, int h, JsonObject settings, String summary) {
        PRESETS.put(p.id() + "/" + name, new Preset(p, name, w, h, settings, summary));
    }

    static JsonObject conv(int[] channels, int[] kernels, String padding, boolean batchNorm, int... hidden) {
        JsonObject s = new JsonObject();
        s.addProperty("type", "conv-regression");
        s.add("channels", ModelConfig.intArray(channels));
        s.add("kernels", ModelConfig.intArray(kernels));
        s.addProperty("padding", padding);
        s.addProperty("batch_norm", batchNorm);
        s.add("hidden", ModelConfig.intArray(hidden));
        return s;
    }

    public static List<String> names(Pipeline p) {
        List<String> out = new ArrayList<>();
        for (Preset pr : PRESETS.values()) if (pr.pipeline == p) out.add(pr.name);
        return out;
    }

    public static String summary(Pipeline p, String name) {
        Preset pr = PRESETS.get(p.id() + "/" + name);
        return pr == null ? null : pr.summary;
    }

    /** The preset's configuration for the given points. */
    public static ModelConfig preset(Pipeline p, String name, LandmarkSet landmarks) {
        Preset pr = PRESETS.get(p.id() + "/" + name);
        if (pr == null) {
            throw new IllegalArgumentException("pipeline " + p + " has no architecture '" + name + "'; choose one of " + names(p));
        }
        int stride = pr.settings.has("output_stride") ? pr.settings.get("output_stride").getAsInt() : 4;
        HeatmapSpec heatmap = p.heatmaps() ? new HeatmapSpec(pr.inputWidth / stride, pr.inputHeight / stride, 0.05) : null;
        return new ModelConfig(p, name, pr.settings, pr.inputWidth, pr.inputHeight, p.cropsFaces() ? 0.2 : 0, heatmap, landmarks);
    }

    public static Block build(ModelConfig cfg) {
        String type = cfg.stringSetting("type", "");
        return switch (type) {
            case "conv-regression" -> ConvRegressionNet.build(cfg);
            case "resnet" -> ai.djl.basicmodelzoo.cv.classification.ResNetV1.builder()
                    .setImageShape(new ai.djl.ndarray.types.Shape(1, cfg.inputHeight(), cfg.inputWidth()))
                    .setNumLayers(cfg.intSetting("depth", 18)).setOutSize(cfg.outputSize()).build();
            case "unet" -> UNet.build(cfg);
            default -> throw new IllegalArgumentException("unknown architecture type '" + type + "' in " + cfg.architecture());
        };
    }
}
