package org.facialkeypoints.model;

import com.google.gson.JsonObject;
import org.facialkeypoints.landmarks.LandmarkSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named architectures of each pipeline, with their default settings, and the size a configuration describes,
 * checked before anything is built ({@link Networks#build} builds it).
 */
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

    /** The most parameters (batch norm's running statistics included) a network may have: 512 MB of float32. */
    public static final long MAX_PARAMETERS = 128L << 20;
    /** The most values one layer's output may hold for one input, so that a probe or a batch cannot exhaust memory. */
    public static final long MAX_ACTIVATIONS = 64L << 20;

    /**
     * The number of values the configuration's network holds (trained weights and batch norm's running statistics),
     * computed from the settings alone, after checking every setting against its range; nothing is built or
     * allocated. For ResNets (depth 18, 34, 50, 101 or 152) it is a lower bound: inputs under 224 pixels get a
     * slightly smaller first convolution, counted here.
     *
     * @throws IllegalArgumentException with one sentence when a setting is out of range or the network too large
     */
    public static long parameterCount(ModelConfig cfg) {
        JsonObject s = cfg.settings();
        String type = text(s, "type");
        int outputs = cfg.outputSize();
        long h = cfg.inputHeight(), w = cfg.inputWidth();
        long count;
        switch (type) {
            case "conv-regression" -> {
                int[] channels = ints(s, "channels", 1, 16, 1, 4096);
                int[] kernels = ints(s, "kernels", channels.length, channels.length, 1, 31);
                int[] hidden = s.has("hidden") ? ints(s, "hidden", 0, 8, 1, 1 << 16) : new int[0];
                String padding = s.has("padding") ? text(s, "padding") : "same";
                if (!padding.equals("same") && !padding.equals("valid")) throw new IllegalArgumentException("setting 'padding' must be same or valid, not '" + clip(padding) + "'");
                boolean bn = s.has("batch_norm") && flag(s, "batch_norm");
                if (s.has("dropout")) {
                    double d = number(s, "dropout");
                    if (!(d >= 0 && d < 1)) throw new IllegalArgumentException("setting 'dropout' must be in [0, 1): " + d);
                }
                count = 0;
                long in = 1;
                for (int i = 0; i < channels.length; i++) {
                    int k = kernels[i];
                    if (k % 2 == 0) throw new IllegalArgumentException("kernel sizes must be odd: " + k);
                    long c = channels[i];
                    count += (long) k * k * in * c + (bn ? 4 * c : c);
                    if (padding.equals("valid")) { h -= k - 1; w -= k - 1; }
                    if (h < 1 || w < 1) throw new IllegalArgumentException("the input " + cfg.inputWidth() + "x" + cfg.inputHeight() + " is too small for " + channels.length + " convolutions");
                    activations(c * h * w);
                    h /= 2;
                    w /= 2;
                    if (h < 1 || w < 1) throw new IllegalArgumentException("the input " + cfg.inputWidth() + "x" + cfg.inputHeight() + " is too small for " + channels.length + " pooling steps");
                    in = c;
                    cap(count);
                }
                in = in * h * w;
                for (int units : hidden) {
                    count += in * units + units;
                    cap(count);
                    in = units;
                }
                count += in * outputs + outputs;
            }
            case "resnet" -> {
                int depth = s.has("depth") ? (int) whole(s, "depth") : 18;
                if (depth != 18 && depth != 34 && depth != 50 && depth != 101 && depth != 152) {
                    throw new IllegalArgumentException("setting 'depth' must be 18, 34, 50, 101 or 152, not " + depth);
                }
                if (h < 32 || w < 32) throw new IllegalArgumentException("a ResNet needs an input of at least 32x32");
                activations(64L * (h / 2 + 1) * (w / 2 + 1) * (depth >= 50 ? 4 : 1));
                // DJL's ResNetV1 with one input channel, measured: the layers before the last (the smaller
                // first convolution of small inputs), then 512 or 2048 features into each output.
                count = switch (depth) {
                    case 18 -> 891_296;
                    case 34 -> 1_500_976;
                    case 50 -> 23_570_944;
                    case 101 -> 42_637_056;
                    default -> 58_345_984;
                } + (depth >= 50 ? 2049L : 513L) * outputs;
            }
            case "unet" -> {
                int[] widths = ints(s, "widths", 2, 8, 1, 1024);
                count = 0;
                long in = 1;
                for (int i = 0; i < widths.length; i++) {
                    long c = widths[i];
                    count += 9 * in * c + 9 * c * c + 8 * c;
                    activations(c * (h >> i) * (w >> i));
                    in = c;
                }
                int stride = s.has("output_stride") ? (int) whole(s, "output_stride") : 4;
                if (stride < 1 || Integer.bitCount(stride) != 1 || Integer.numberOfTrailingZeros(stride) > widths.length - 1) {
                    throw new IllegalArgumentException("setting 'output_stride' must be a power of two no larger than 2^" + (widths.length - 1) + ": " + stride);
                }
                int levelsUp = widths.length - 1 - Integer.numberOfTrailingZeros(stride);
                for (int j = 0; j < levelsUp; j++) {
                    int level = widths.length - 2 - j;
                    long c = widths[level];
                    long cin = in + c;
                    count += 9 * cin * c + 9 * c * c + 8 * c;
                    in = c;
                }
                int maps = cfg.landmarks().size();
                count += in * maps + maps;
            }
            default -> throw new IllegalArgumentException("unknown architecture type '" + clip(type) + "'");
        }
        cap(count);
        return count;
    }

    private static void cap(long count) {
        if (count > MAX_PARAMETERS) throw new IllegalArgumentException("the settings describe a network of more than " + MAX_PARAMETERS + " parameters");
    }

    private static void activations(long values) {
        if (values > MAX_ACTIVATIONS) throw new IllegalArgumentException("the settings describe a layer of " + values + " values per image, more than " + MAX_ACTIVATIONS);
    }

    private static String clip(String t) {
        String c = t.replaceAll("[^\\x20-\\x7e]", "?");
        return c.length() > 40 ? c.substring(0, 40) + "..." : c;
    }

    private static com.google.gson.JsonElement setting(JsonObject s, String key) {
        com.google.gson.JsonElement e = s.get(key);
        if (e == null || e.isJsonNull()) throw new IllegalArgumentException("the architecture has no setting '" + key + "'");
        return e;
    }

    private static String text(JsonObject s, String key) {
        com.google.gson.JsonElement e = setting(s, key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) throw new IllegalArgumentException("setting '" + key + "' must be text");
        return e.getAsString();
    }

    private static boolean flag(JsonObject s, String key) {
        com.google.gson.JsonElement e = setting(s, key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) throw new IllegalArgumentException("setting '" + key + "' must be true or false");
        return e.getAsBoolean();
    }

    private static double number(JsonObject s, String key) {
        com.google.gson.JsonElement e = setting(s, key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) throw new IllegalArgumentException("setting '" + key + "' must be a number");
        double v;
        try {
            v = e.getAsDouble();
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("setting '" + key + "' must be a number");
        }
        if (!Double.isFinite(v)) throw new IllegalArgumentException("setting '" + key + "' must be finite");
        return v;
    }

    private static long whole(JsonObject s, String key) {
        double v = number(s, key);
        if (v != Math.rint(v) || Math.abs(v) > 1 << 30) throw new IllegalArgumentException("setting '" + key + "' must be a whole number");
        return (long) v;
    }

    private static int[] ints(JsonObject s, String key, int minLength, int maxLength, int min, int max) {
        com.google.gson.JsonElement e = setting(s, key);
        if (!e.isJsonArray()) throw new IllegalArgumentException("setting '" + key + "' must be a list of whole numbers");
        com.google.gson.JsonArray a = e.getAsJsonArray();
        if (a.size() < minLength || a.size() > maxLength) {
            throw new IllegalArgumentException("setting '" + key + "' must have " + (minLength == maxLength ? "" + minLength : minLength + " to " + maxLength) + " entries, not " + a.size());
        }
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonObject one = new JsonObject();
            one.add(key, a.get(i));
            long v = whole(one, key);
            if (v < min || v > max) throw new IllegalArgumentException("setting '" + key + "' entry " + v + " is outside " + min + ".." + max);
            out[i] = (int) v;
        }
        return out;
    }
}
