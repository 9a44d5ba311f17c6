package org.facialkeypoints.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.facialkeypoints.bundle.NamedTensor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds a configuration's network, and moves weights between networks and {@link NamedTensor} lists. */
public final class Networks {

    private Networks() {}

    /** The network for {@code cfg}, initialized for single-channel input of the configured size. */
    public static Block create(ModelConfig cfg, NDManager manager) {
        Block block = Architectures.build(cfg);
        block.initialize(manager, DataType.FLOAT32, inputShape(cfg, 1));
        return block;
    }

    /**
     * True when some convolution has a channel count that is not a multiple of 16, the case in which libtorch's
     * oneDNN layouts carry uninitialized padding (see {@link org.facialkeypoints.engine.LibtorchFlags}).
     */
    public static boolean hasUnalignedChannels(ModelConfig cfg) {
        for (int c : cfg.intListSetting("channels")) if (c % 16 != 0) return true;
        for (int c : cfg.intListSetting("widths")) if (c % 16 != 0) return true;
        return false;
    }

    /**
     * True for networks whose training on the CPU must avoid oneDNN's convolutions: ResNet-50 and deeper, whose
     * 1x1 convolutions crash libtorch 2.7.1's oneDNN backward pass (see {@link org.facialkeypoints.engine.LibtorchFlags#plainConvolutions}).
     */
    public static boolean needsPlainConvolutionsToTrain(ModelConfig cfg) {
        return "resnet".equals(cfg.settings().has("type") ? cfg.settings().get("type").getAsString() : "") && cfg.intSetting("depth", 0) >= 50;
    }

    public static Shape inputShape(ModelConfig cfg, int batch) {
        return new Shape(batch, 1, cfg.inputHeight(), cfg.inputWidth());
    }

    /** Every parameter, running statistics of batch norm included, in the block's own order. */
    public static List<NamedTensor> weightsOf(Block block) {
        List<NamedTensor> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            out.add(new NamedTensor(p.getKey(), a.getShape().getShape(), a.toFloatArray()));
        }
        return out;
    }

    /** Number of trained values (batch norm's running statistics are not trained). */
    public static long trainableCount(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) n += p.getValue().getArray().getShape().size();
        }
        return n;
    }

    /**
     * Copies the weights into the block's parameters. Names, order and shapes must all match the block, so a
     * bundle made for another architecture or another number of points is refused.
     */
    public static void loadWeights(Block block, List<NamedTensor> weights, String source) throws IOException {
        List<Pair<String, Parameter>> params = new ArrayList<>();
        block.getParameters().forEach(params::add);
        if (params.size() != weights.size()) {
            throw new IOException(source + ": the weights hold " + weights.size() + " tensors, the described network has " + params.size());
        }
        for (int i = 0; i < params.size(); i++) {
            NamedTensor t = weights.get(i);
            Parameter p = params.get(i).getValue();
            long[] expected = p.getArray().getShape().getShape();
            if (!params.get(i).getKey().equals(t.name())) {
                throw new IOException(source + ": weight " + i + " is '" + t.name() + "', expected '" + params.get(i).getKey() + "'");
            }
            if (!Arrays.equals(expected, t.shape())) {
                throw new IOException(source + ": weight '" + t.name() + "' has shape " + t.shapeText() + " but the described network needs "
                        + Arrays.toString(expected) + mismatchHint(i == params.size() - 1 || i == params.size() - 2, expected, t.shape()));
            }
            for (float v : t.data()) {
                if (!Float.isFinite(v)) throw new IOException(source + ": weight '" + t.name() + "' contains NaN or infinite values");
            }
        }
        for (int i = 0; i < params.size(); i++) params.get(i).getValue().getArray().set(weights.get(i).data());
        probe(block, source);
    }

    /**
     * Runs the network once on a black and once on a white input and refuses weights that, though finite
     * themselves, make any output NaN or infinite; such a model could only ever give meaningless points.
     */
    static void probe(Block block, String source) throws IOException {
        Shape[] shapes = block.getInputShapes();
        if (shapes == null || shapes.length != 1) return;
        NDManager base = block.getParameters().get(0).getValue().getArray().getManager();
        try (NDManager scope = base.newSubManager()) {
            ai.djl.training.ParameterStore store = new ai.djl.training.ParameterStore(scope, false);
            for (float level : new float[] {-0.5f, 0.5f}) {
                NDArray x = scope.full(shapes[0], level, DataType.FLOAT32);
                for (NDArray out : block.forward(store, new ai.djl.ndarray.NDList(x), false)) {
                    for (float v : out.toFloatArray()) {
                        if (!Float.isFinite(v)) {
                            throw new IOException(source + ": the weights make the network's output NaN or infinite (on a "
                                    + (level < 0 ? "black" : "white") + " test image); the model is broken");
                        }
                    }
                }
            }
        }
    }

    private static String mismatchHint(boolean last, long[] expected, long[] found) {
        if (!last || expected.length == 0 || found.length == 0) return "";
        return " (the weights are for " + found[0] / 2 + " points, the description says " + expected[0] / 2 + ")";
    }
}
