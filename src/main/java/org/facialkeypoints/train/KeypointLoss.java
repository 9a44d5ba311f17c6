package org.facialkeypoints.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The loss of {@link LossKind} as DJL's {@link Loss}, the one handed to the training configuration and evaluated
 * by every training step and validation. Labels are (batch, values); predictions are reshaped to them. For heatmap
 * losses the values are {@code maps} heatmaps of equal size, the predictions logits and the labels distributions.
 */
public final class KeypointLoss extends Loss {

    private final LossKind kind;
    private final int maps;

    /** @throws IllegalArgumentException when the loss does not fit the model's output kind */
    public KeypointLoss(LossKind kind, boolean heatmaps, int maps) {
        super(kind.id());
        if (kind.forHeatmaps() != heatmaps) {
            String is = kind.forHeatmaps() ? "heatmap" : "coordinate";
            String use = heatmaps ? "heatmaps (use heatmap-cross-entropy or heatmap-mse-sum)"
                    : "coordinates (use mse or l1)";
            throw new IllegalArgumentException("loss " + kind.id() + " is for " + is + " models; this model predicts "
                    + use);
        }
        this.kind = kind;
        this.maps = maps;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray target = labels.singletonOrThrow();
        NDArray predicted = predictions.singletonOrThrow().reshape(target.getShape());
        long batch = predicted.getShape().get(0);
        return switch (kind) {
            case MSE -> predicted.sub(target).square().mean();
            case L1 -> predicted.sub(target).abs().mean();
            case HEATMAP_MSE_SUM -> predicted.reshape(batch, maps, -1).softmax(2)
                    .sub(target.reshape(batch, maps, -1)).square().sum().div(batch);
            case HEATMAP_CROSS_ENTROPY -> target.reshape(batch, maps, -1)
                    .mul(predicted.reshape(batch, maps, -1).logSoftmax(2)).sum().neg().div(batch * maps);
        };
    }
}
