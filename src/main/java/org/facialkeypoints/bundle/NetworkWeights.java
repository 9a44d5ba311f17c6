package org.facialkeypoints.bundle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Moves weights between a built network and the {@link NamedTensor} lists that bundles and checkpoints store. */
public final class NetworkWeights {

    private NetworkWeights() {}

    /** Every parameter, running statistics of batch norm included, in the block's own order. */
    public static List<NamedTensor> of(Block block) {
        List<NamedTensor> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            out.add(new NamedTensor(p.getKey(), a.getShape().getShape(), a.toFloatArray()));
        }
        return out;
    }

    /**
     * Copies the bundle's weights into the block's parameters. Names and shapes must all match the block, so a
     * bundle made for another architecture or another number of points is refused. The weights are matched by name:
     * a safetensors file written elsewhere may keep them in another order (Python's writer sorts them by dtype and
     * name).
     */
    public static void load(Block block, ModelBundle bundle, String source) throws IOException {
        List<NamedTensor> weights = inBlockOrder(block, bundle.weights());
        List<Pair<String, Parameter>> params = new ArrayList<>();
        block.getParameters().forEach(params::add);
        if (params.size() != weights.size()) {
            throw new IOException(source + ": the weights hold " + weights.size()
                    + " tensors, the described network has " + params.size());
        }
        // Coordinate models end in 2 values (x, y) per point, heatmap models in one map per point.
        int valuesPerPoint = bundle.config().pipeline().heatmaps() ? 1 : 2;
        for (int i = 0; i < params.size(); i++) {
            NamedTensor t = weights.get(i);
            Parameter p = params.get(i).getValue();
            long[] expected = p.getArray().getShape().getShape();
            if (!params.get(i).getKey().equals(t.name())) {
                throw new IOException(source + ": weight " + i + " is '" + t.name() + "', expected '"
                        + params.get(i).getKey() + "'");
            }
            if (!Arrays.equals(expected, t.shape())) {
                boolean outputLayer = i >= params.size() - 2;
                throw new IOException(source + ": weight '" + t.name() + "' has shape " + t.shapeText()
                        + " but the described network needs "
                        + Arrays.toString(expected)
                        + (outputLayer ? mismatchHint(expected, t.shape(), valuesPerPoint) : ""));
            }
            for (float v : t.data()) {
                if (!Float.isFinite(v)) throw new IOException(source + ": weight '" + t.name()
                        + "' contains NaN or infinite values");
            }
        }
        for (int i = 0; i < params.size(); i++) params.get(i).getValue().getArray().set(weights.get(i).data());
        probe(block, source);
    }

    /**
     * The weights in the order of the block's parameters when they hold exactly the block's names; otherwise as
     * they are, so that the checks that follow name the first weight that does not fit.
     */
    private static List<NamedTensor> inBlockOrder(Block block, List<NamedTensor> weights) {
        Map<String, NamedTensor> byName = new HashMap<>();
        for (NamedTensor t : weights) byName.put(t.name(), t);
        List<NamedTensor> ordered = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NamedTensor t = byName.get(p.getKey());
            if (t == null) return weights;
            ordered.add(t);
        }
        return ordered.size() == weights.size() ? ordered : weights;
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
            ParameterStore store = new ParameterStore(scope, false);
            for (float level : new float[] {-0.5f, 0.5f}) {
                NDArray x = scope.full(shapes[0], level, DataType.FLOAT32);
                for (NDArray out : block.forward(store, new NDList(x), false)) {
                    for (float v : out.toFloatArray()) {
                        if (!Float.isFinite(v)) {
                            throw new IOException(source
                                    + ": the weights make the network's output NaN or infinite (on a "
                                    + (level < 0 ? "black" : "white") + " test image); the model is broken");
                        }
                    }
                }
            }
        }
    }

    /** The point counts of the output layer's first dimension: {@code valuesPerPoint} outputs for each point. */
    private static String mismatchHint(long[] expected, long[] found, int valuesPerPoint) {
        if (expected.length == 0 || found.length == 0) return "";
        return " (the weights are for " + found[0] / valuesPerPoint + " points, the description says "
                + expected[0] / valuesPerPoint + ")";
    }
}
