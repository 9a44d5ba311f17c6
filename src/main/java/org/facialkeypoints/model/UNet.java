package org.facialkeypoints.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * A UNet that predicts one heatmap (logits) per point. The encoder halves the resolution at each level; the decoder
 * climbs back only to {@code 1 / outputStride} of the input, joining the encoder's features at each level it
 * passes. Upsampling repeats pixels and lets the following convolutions smooth them, because libtorch through DJL
 * has no transposed convolution. Settings: {@code widths} (channels per level, the last one the bottleneck),
 * {@code output_stride} (a power of two, at most 2^(levels-1)).
 */
public final class UNet extends AbstractBlock {

    private static final byte VERSION = 1;

    private final List<Block> encoder = new ArrayList<>();
    private final List<Block> decoder = new ArrayList<>();
    private final Block head;
    private final int levelsUp;

    public UNet(List<Integer> widths, int outputStride, int outputs) {
        super(VERSION);
        if (widths.size() < 2) throw new IllegalArgumentException("a UNet needs at least two levels");
        int down = widths.size() - 1;
        int strideLevels = Integer.numberOfTrailingZeros(outputStride);
        if (Integer.bitCount(outputStride) != 1 || strideLevels > down) {
            throw new IllegalArgumentException("output_stride must be a power of two no larger than 2^" + down + ": " + outputStride);
        }
        for (int i = 0; i < widths.size(); i++) encoder.add(addChildBlock("encoder" + i, doubleConv(widths.get(i))));
        levelsUp = down - strideLevels;
        for (int j = 0; j < levelsUp; j++) {
            int level = down - 1 - j;
            decoder.add(addChildBlock("decoder" + level, doubleConv(widths.get(level))));
        }
        head = addChildBlock("head", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(outputs).build());
    }

    public static UNet build(ModelConfig cfg) {
        List<Integer> widths = cfg.intListSetting("widths");
        int stride = cfg.intSetting("output_stride", 4);
        if (cfg.heatmap() == null) throw new IllegalArgumentException("a UNet needs heatmap settings");
        if (cfg.inputWidth() / stride != cfg.heatmap().width() || cfg.inputHeight() / stride != cfg.heatmap().height()) {
            throw new IllegalArgumentException("heatmaps must be the input size / output_stride (" + cfg.inputWidth() / stride + "x"
                    + cfg.inputHeight() / stride + "), not " + cfg.heatmap().width() + "x" + cfg.heatmap().height());
        }
        if (cfg.inputWidth() % (1 << (widths.size() - 1)) != 0 || cfg.inputHeight() % (1 << (widths.size() - 1)) != 0) {
            throw new IllegalArgumentException("the input size must divide by 2^" + (widths.size() - 1));
        }
        return new UNet(widths, stride, cfg.landmarks().size());
    }

    private static Block doubleConv(int channels) {
        SequentialBlock b = new SequentialBlock();
        for (int k = 0; k < 2; k++) {
            b.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).optBias(false).setFilters(channels).build());
            b.add(BatchNorm.builder().build());
            b.add(Activation.reluBlock());
        }
        return b;
    }

    private static NDArray pool(NDArray x) {
        return Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }

    private static NDArray upsample(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        List<NDArray> skips = new ArrayList<>();
        for (int i = 0; i < encoder.size(); i++) {
            if (i > 0) x = pool(x);
            x = encoder.get(i).forward(ps, new NDList(x), training).singletonOrThrow();
            skips.add(x);
        }
        int down = encoder.size() - 1;
        for (int j = 0; j < levelsUp; j++) {
            NDArray skip = skips.get(down - 1 - j);
            x = NDArrays.concat(new NDList(upsample(x), skip), 1);
            x = decoder.get(j).forward(ps, new NDList(x), training).singletonOrThrow();
        }
        return head.forward(ps, new NDList(x), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] s = shapesThrough(inputShapes[0], null, null);
        return new Shape[] {s[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        shapesThrough(inputShapes[0], manager, dataType);
    }

    /** Walks the shapes through the network, initializing the children on the way when a manager is given. */
    private Shape[] shapesThrough(Shape in, NDManager manager, DataType type) {
        Shape x = in;
        List<Shape> skips = new ArrayList<>();
        for (int i = 0; i < encoder.size(); i++) {
            if (i > 0) x = new Shape(x.get(0), x.get(1), x.get(2) / 2, x.get(3) / 2);
            if (manager != null) encoder.get(i).initialize(manager, type, x);
            x = encoder.get(i).getOutputShapes(new Shape[] {x})[0];
            skips.add(x);
        }
        int down = encoder.size() - 1;
        for (int j = 0; j < levelsUp; j++) {
            Shape skip = skips.get(down - 1 - j);
            x = new Shape(x.get(0), x.get(1) + skip.get(1), skip.get(2), skip.get(3));
            if (manager != null) decoder.get(j).initialize(manager, type, x);
            x = decoder.get(j).getOutputShapes(new Shape[] {x})[0];
        }
        if (manager != null) head.initialize(manager, type, x);
        return head.getOutputShapes(new Shape[] {x});
    }
}
