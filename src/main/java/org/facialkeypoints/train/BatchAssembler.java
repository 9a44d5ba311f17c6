package org.facialkeypoints.train;

import org.facialkeypoints.augment.Augmentation;
import org.facialkeypoints.augment.AugmentationSettings;
import org.facialkeypoints.geometry.Affine2D;
import org.facialkeypoints.image.CropSource;
import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.Landmarks;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.OutputCodec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Assembles batches from examples. Every random choice is a pure function of (seed, epoch, position): the order of
 * an epoch, and each example's augmentation within it. Any thread can therefore build any batch and get the same
 * bytes, which is what lets batches be prepared ahead in the background and lets a resumed run see the same data
 * as an uninterrupted one.
 */
public final class BatchAssembler {

    private final List<TrainingExample> examples;
    private final AugmentationSettings augmentation;
    private final OutputCodec targets;
    private final LandmarkSet landmarks;
    private final int batchSize;
    private final long seed;
    private final int w;
    private final int h;

    public BatchAssembler(List<TrainingExample> examples, AugmentationSettings augmentation, OutputCodec targets,
                          LandmarkSet landmarks, int batchSize, long seed, int inputWidth, int inputHeight) {
        if (examples.isEmpty()) throw new IllegalArgumentException("no examples to train on");
        this.examples = List.copyOf(examples);
        this.augmentation = augmentation;
        this.targets = targets;
        this.landmarks = landmarks;
        this.batchSize = batchSize;
        this.seed = seed;
        this.w = inputWidth;
        this.h = inputHeight;
    }

    /** Batches per epoch; the last one may be smaller. */
    public int batchesPerEpoch() { return (examples.size() + batchSize - 1) / batchSize; }

    public int exampleCount() { return examples.size(); }

    /** The epoch's example order, a seeded shuffle. */
    public int[] order(int epoch) {
        List<Integer> idx = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) idx.add(i);
        Collections.shuffle(idx, new Random(mix(seed, epoch, -1)));
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    public HostBatch assemble(int epoch, int batch, int[] order) {
        int from = batch * batchSize, to = Math.min(order.length, from + batchSize);
        int n = to - from, plane = w * h, per = targets.targetSize();
        float[] inputs = new float[n * plane];
        float[] out = new float[n * per];
        int[] which = new int[n];
        for (int k = 0; k < n; k++) {
            int i = order[from + k];
            which[k] = i;
            Augmentation aug = augmentation.isNone() ? Augmentation.IDENTITY
                    : Augmentation.draw(augmentation, new Random(mix(seed, epoch, i)));
            render(examples.get(i), aug, inputs, k * plane, out, k * per);
        }
        return new HostBatch(batch, which, inputs, out);
    }

    /** Writes one example's input and targets under the given augmentation. */
    public void render(TrainingExample ex, Augmentation aug, float[] inputs, int inputOffset, float[] targetValues, int targetOffset) {
        Affine2D grid = aug.gridTransform(w, h);
        Affine2D toInput = ex.window().toInput().then(grid);
        CropSource src = ex.source();
        src.sample(toInput, w, h, inputs, inputOffset);
        aug.adjustIntensities(inputs, inputOffset, w * h);
        ModelConfig.normalize(inputs, inputOffset, w * h);
        Landmarks onGrid = ex.sample().points().transformed(toInput);
        if (aug.flip()) onGrid = onGrid.reordered(landmarks.flipPermutation());
        targets.encode(onGrid, targetValues, targetOffset);
    }

    static long mix(long seed, long epoch, long index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ (epoch + 1) * 0xC2B2AE3D27D4EB4FL ^ (index + 2) * 0x165667B19E3779F9L).nextLong();
    }
}
