package org.facialkeypoints.model;

import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.facialkeypoints.engine.LibtorchFlags;

/** The one place a configuration's network is built, and what the engine must know about it. */
public final class Networks {

    private Networks() {}

    /**
     * The network for {@code cfg}, not yet initialized (a trainer initializes it for its batch); its settings are
     * checked against their ranges first ({@link Architectures#parameterCount}).
     */
    public static Block build(ModelConfig cfg) {
        Architectures.parameterCount(cfg);
        String type = cfg.stringSetting("type", "");
        return switch (type) {
            case "conv-regression" -> ConvRegressionNet.build(cfg);
            case "resnet" -> ResNetV1.builder().setImageShape(new Shape(1, cfg.inputHeight(), cfg.inputWidth()))
                    .setNumLayers(cfg.intSetting("depth", 18)).setOutSize(cfg.outputSize()).build();
            case "unet" -> UNet.build(cfg);
            default -> throw new IllegalArgumentException("unknown architecture type '" + type + "' in "
                    + cfg.architecture());
        };
    }

    /** The network for {@code cfg}, initialized for single-channel input of the configured size. */
    public static Block create(ModelConfig cfg, NDManager manager) {
        Block block = build(cfg);
        block.initialize(manager, DataType.FLOAT32, inputShape(cfg, 1));
        return block;
    }

    /**
     * True when some convolution has a channel count that is not a multiple of 16, the case in which libtorch's
     * oneDNN layouts carry uninitialized padding (see {@link LibtorchFlags}).
     */
    public static boolean hasUnalignedChannels(ModelConfig cfg) {
        for (int c : cfg.intListSetting("channels")) if (c % 16 != 0) return true;
        for (int c : cfg.intListSetting("widths")) if (c % 16 != 0) return true;
        return false;
    }

    /**
     * True for networks whose training on the CPU must avoid oneDNN's convolutions: ResNet-50 and deeper, whose
     * 1x1 convolutions crash libtorch 2.7.1's oneDNN backward pass (see {@link LibtorchFlags#plainConvolutions}).
     */
    public static boolean needsPlainConvolutionsToTrain(ModelConfig cfg) {
        String type = cfg.settings().has("type") ? cfg.settings().get("type").getAsString() : "";
        return "resnet".equals(type) && cfg.intSetting("depth", 0) >= 50;
    }

    public static Shape inputShape(ModelConfig cfg, int batch) {
        return new Shape(batch, 1, cfg.inputHeight(), cfg.inputWidth());
    }

    /** Number of trained values (batch norm's running statistics are not trained). */
    public static long trainableCount(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) n += p.getValue().getArray().getShape().size();
        }
        return n;
    }
}
