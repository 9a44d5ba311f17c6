package org.facialkeypoints.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

import java.util.List;

/**
 * The plain regression CNN of the nose and face pipelines: blocks of convolution, optional batch norm, ReLU and 2x2
 * max pooling, then fully connected layers down to two numbers per point. Settings: {@code channels},
 * {@code kernels} (one per convolution), {@code padding} ("same" or "valid"), {@code batch_norm}, {@code hidden}
 * (units of each hidden fully connected layer) and {@code dropout} before the last layer.
 */
public final class ConvRegressionNet {

    private ConvRegressionNet() {}

    public static Block build(ModelConfig cfg) {
        List<Integer> channels = cfg.intListSetting("channels");
        List<Integer> kernels = cfg.intListSetting("kernels");
        if (channels.isEmpty() || channels.size() != kernels.size()) {
            throw new IllegalArgumentException("architecture " + cfg.architecture() + ": channels and kernels must be non-empty lists of equal length");
        }
        boolean same = "same".equals(cfg.stringSetting("padding", "same"));
        boolean batchNorm = cfg.boolSetting("batch_norm", false);
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i < channels.size(); i++) {
            int k = kernels.get(i);
            if (k < 1 || k % 2 == 0) throw new IllegalArgumentException("kernel sizes must be odd: " + k);
            net.add(Conv2d.builder()
                    .setKernelShape(new Shape(k, k))
                    .optPadding(same ? new Shape(k / 2, k / 2) : new Shape(0, 0))
                    .optBias(!batchNorm)
                    .setFilters(channels.get(i))
                    .build());
            if (batchNorm) net.add(BatchNorm.builder().build());
            net.add(Activation.reluBlock());
            net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        net.add(Blocks.batchFlattenBlock());
        for (int units : cfg.intListSetting("hidden")) {
            net.add(Linear.builder().setUnits(units).build());
            net.add(Activation.reluBlock());
        }
        double dropout = cfg.doubleSetting("dropout", 0);
        if (dropout > 0) net.add(Dropout.builder().optRate((float) dropout).build());
        net.add(Linear.builder().setUnits(cfg.outputSize()).build());
        return net;
    }
}
