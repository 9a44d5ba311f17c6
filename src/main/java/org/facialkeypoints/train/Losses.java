package org.facialkeypoints.train;

import ai.djl.ndarray.NDArray;

/** The loss functions of {@link LossKind} on a batch of predictions and targets of the same shape. */
public final class Losses {

    private Losses() {}

    /**
     * The loss of a batch. Predictions and targets are (batch, values); for heatmap losses the values are
     * {@code maps} heatmaps of equal size, the predictions logits and the targets distributions.
     */
    public static NDArray compute(LossKind kind, NDArray predicted, NDArray target, int maps) {
        long batch = predicted.getShape().get(0);
        return switch (kind) {
            case MSE -> predicted.sub(target).square().mean();
            case L1 -> predicted.sub(target).abs().mean();
            case HEATMAP_MSE_SUM -> predicted.reshape(batch, maps, -1).softmax(2).sub(target.reshape(batch, maps, -1)).square().sum().div(batch);
            case HEATMAP_CROSS_ENTROPY -> target.reshape(batch, maps, -1).mul(predicted.reshape(batch, maps, -1).logSoftmax(2)).sum().neg().div(batch * maps);
        };
    }

    /** Whether the loss fits the model's output kind. */
    public static void check(LossKind kind, boolean heatmaps) {
        if (kind.forHeatmaps() != heatmaps) {
            throw new IllegalArgumentException("loss " + kind.id() + " is for " + (kind.forHeatmaps() ? "heatmap" : "coordinate")
                    + " models; this model predicts " + (heatmaps ? "heatmaps (use heatmap-cross-entropy or heatmap-mse-sum)" : "coordinates (use mse or l1)"));
        }
    }
}
