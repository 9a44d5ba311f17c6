package org.facialkeypoints.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.Networks;
import org.facialkeypoints.model.OutputCodec;

import java.util.ArrayList;
import java.util.List;

/**
 * One optimizer step: forward, loss, backward, Adam. Each batch's arrays live in their own memory scope, freed when
 * the step ends.
 *
 * <p>libtorch 2.7.1's oneDNN convolution occasionally returns a weight gradient in which one output channel is
 * entirely NaN although every input is finite; recomputing the same step gives the exact, finite result (measured:
 * the finite results are bit-identical run to run). A step whose loss is finite but whose gradient is not is
 * therefore computed again, up to {@link #MAX_RECOMPUTES} times; only a loss that stays non-finite means the run
 * diverged. The count of recomputed steps is reported with the run.
 */
final class TrainingStep {

    static final int MAX_RECOMPUTES = 5;

    private final Trainer trainer;
    private final AdamOptimizer adam;
    private final ModelConfig cfg;
    private final OutputCodec codec;
    private final List<NDArray> trained = new ArrayList<>();
    private long recomputed;

    /** Steps with the trainer's own loss ({@link KeypointLoss}, from its training configuration). */
    TrainingStep(Trainer trainer, AdamOptimizer adam, ModelConfig cfg, OutputCodec codec) {
        this.trainer = trainer;
        this.adam = adam;
        this.cfg = cfg;
        this.codec = codec;
        for (Parameter p : trainer.getModel().getBlock().getParameters().values()) {
            if (p.requiresGradient()) trained.add(p.getArray());
        }
    }

    /** Steps that had to be computed again because of a spurious non-finite gradient. */
    long recomputed() { return recomputed; }

    /** Trains on the batch at learning rate {@code lr}; returns its loss, not finite when the run has diverged. */
    double run(HostBatch hb, double lr) {
        try (NDManager m = trainer.getManager().newSubManager()) {
            NDArray x = m.create(hb.inputs(), Networks.inputShape(cfg, hb.size()));
            NDArray y = m.create(hb.targets(), new Shape(hb.size(), codec.targetSize()));
            double value = Double.NaN;
            for (int attempt = 0; attempt <= MAX_RECOMPUTES; attempt++) {
                if (attempt > 0) {
                    recomputed++;
                    zeroGradients();
                }
                try (NDManager scope = m.newSubManager(); GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray pred = trainer.forward(new NDList(x)).singletonOrThrow();
                    pred.attach(scope);
                    NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(pred));
                    value = loss.getFloat();
                    if (!Double.isFinite(value) || value > KeypointTrainer.DIVERGED_LOSS) continue;
                    gc.backward(loss);
                }
                if (gradientsFinite(m)) {
                    adam.setLearningRate(lr);
                    adam.beginStep();
                    trainer.step();
                    return value;
                }
            }
            zeroGradients();
            return Double.isFinite(value) ? Double.NaN : value;
        }
    }

    private boolean gradientsFinite(NDManager m) {
        try (NDManager scope = m.newSubManager()) {
            NDList sums = new NDList(trained.size());
            for (NDArray w : trained) {
                NDArray g = w.getGradient();
                g.attach(scope);
                sums.add(g.sum());
            }
            return Float.isFinite(NDArrays.stack(sums).sum().getFloat());
        }
    }

    private void zeroGradients() {
        for (NDArray w : trained) JniUtils.zeroGrad((PtNDArray) w);
    }
}
