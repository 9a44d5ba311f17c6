package org.facialkeypoints.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.optimizer.Optimizer;

import java.util.HashMap;
import java.util.Map;

/**
 * Adam whose state (moment estimates and step count) can be read and restored, so that a resumed run continues
 * exactly where it stopped; DJL's own Adam keeps its state private. The update itself is libtorch's fused one.
 * The learning rate is set by the trainer before each step.
 */
public final class AdamOptimizer extends Optimizer {

    static final float BETA1 = 0.9f, BETA2 = 0.999f, EPSILON = 1e-8f;

    private final Map<String, NDArray> means = new HashMap<>();
    private final Map<String, NDArray> variances = new HashMap<>();
    private final boolean decoupledWeightDecay;
    private volatile float learningRate;
    private long step;

    public AdamOptimizer(float weightDecay) {
        super(new Builder().optWeightDecays(weightDecay));
        this.decoupledWeightDecay = weightDecay > 0;
    }

    public void setLearningRate(double lr) { this.learningRate = (float) lr; }

    /** Counts one optimizer step; called by the trainer once per batch before the parameter updates. */
    public void beginStep() { step++; }

    public long stepCount() { return step; }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        long t = Math.max(1, step);
        double coef1 = 1 - Math.pow(BETA1, t), coef2 = 1 - Math.pow(BETA2, t);
        float corrected = (float) (learningRate * Math.sqrt(coef2) / coef1);
        NDArray mean = means.computeIfAbsent(parameterId, k -> detached(weight.zerosLike()));
        NDArray variance = variances.computeIfAbsent(parameterId, k -> detached(weight.zerosLike()));
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, mean, variance), new NDList(weight),
                learningRate, corrected, getWeightDecay(), rescaleGrad, clipGrad, BETA1, BETA2, EPSILON, true,
                decoupledWeightDecay);
    }

    private static NDArray detached(NDArray a) {
        a.detach();
        return a;
    }

    /** Moment estimates by parameter id; the arrays are live. */
    Map<String, NDArray> means() { return means; }

    Map<String, NDArray> variances() { return variances; }

    /** Restores the state saved by {@link #means()}, {@link #variances()} and {@link #stepCount()}. */
    void restore(long steps, Map<String, float[]> meanValues, Map<String, float[]> varianceValues, Map<String, NDArray> weightsById) {
        this.step = steps;
        for (Map.Entry<String, NDArray> e : weightsById.entrySet()) {
            float[] m = meanValues.get(e.getKey()), v = varianceValues.get(e.getKey());
            if (m == null || v == null) continue;
            NDArray mean = e.getValue().zerosLike();
            mean.set(m);
            NDArray var = e.getValue().zerosLike();
            var.set(v);
            NDArray old = means.put(e.getKey(), mean);
            if (old != null) old.close();
            old = variances.put(e.getKey(), var);
            if (old != null) old.close();
        }
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() { return this; }
    }
}
