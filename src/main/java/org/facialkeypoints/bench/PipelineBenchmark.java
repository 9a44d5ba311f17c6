package org.facialkeypoints.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.data.DatasetSplit;
import org.facialkeypoints.detect.FolderDetection;
import org.facialkeypoints.detect.KeypointDetector;
import org.facialkeypoints.engine.DeepLearning;
import org.facialkeypoints.engine.LibtorchFlags;
import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.image.ImageFiles;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.Networks;
import org.facialkeypoints.model.OutputCodec;
import org.facialkeypoints.train.EpochReport;
import org.facialkeypoints.train.KeypointTrainer;
import org.facialkeypoints.train.TrainingListener;
import org.facialkeypoints.train.TrainingRun;
import org.facialkeypoints.train.TrainingSettings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The speed of one pipeline, measured the ways users meet it: training on ready-made tensors (the ceiling for the
 * trainer), the real trainer on real data with augmentation, one face at a time, and a whole folder.
 */
public final class PipelineBenchmark {

    private PipelineBenchmark() {}

    /** Images per second of forward + backward + Adam on one ready batch, repeated; the first steps warm up. */
    public static double rawTraining(ModelConfig cfg, TrainingSettings s, int steps, Device device) {
        DeepLearning.inferenceThread();
        boolean zero = Networks.hasUnalignedChannels(cfg) && LibtorchFlags.zeroFillAllocations(true);
        try (Model model = Model.newInstance("bench", device, "PyTorch")) {
            model.setBlock(org.facialkeypoints.model.Architectures.build(cfg));
            org.facialkeypoints.train.AdamOptimizer adam = new org.facialkeypoints.train.AdamOptimizer(0);
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(adam)
                    .optInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1), Parameter.Type.WEIGHT);
            try (Trainer t = model.newTrainer(tc)) {
                int b = s.batchSize();
                t.initialize(Networks.inputShape(cfg, b));
                OutputCodec codec = OutputCodec.of(cfg);
                float[] x = random(b * cfg.inputWidth() * cfg.inputHeight(), 1);
                float[] y = targets(codec, cfg, b);
                org.facialkeypoints.train.HostBatch hb = new org.facialkeypoints.train.HostBatch(0, new int[b], x, y);
                org.facialkeypoints.train.TrainingStepAccess step = new org.facialkeypoints.train.TrainingStepAccess(t, adam, cfg, codec, s.loss());
                for (int i = 0; i < 3; i++) step.run(hb, 1e-4);
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) step.run(hb, 1e-4);
                return (double) steps * b / ((System.nanoTime() - t0) / 1e9);
            }
        } finally {
            if (zero) LibtorchFlags.zeroFillAllocations(false);
        }
    }

    /** Targets that decode to plausible points, so heatmap losses see real distributions. */
    static float[] targets(OutputCodec codec, ModelConfig cfg, int batch) {
        float[] y = new float[batch * codec.targetSize()];
        Random r = new Random(2);
        for (int k = 0; k < batch; k++) {
            double[] px = new double[cfg.landmarks().size()], py = new double[px.length];
            for (int i = 0; i < px.length; i++) {
                px[i] = cfg.inputWidth() * (0.2 + 0.6 * r.nextDouble());
                py[i] = cfg.inputHeight() * (0.2 + 0.6 * r.nextDouble());
            }
            codec.encode(new org.facialkeypoints.landmarks.Landmarks(px, py), y, k * codec.targetSize());
        }
        return y;
    }

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = r.nextFloat() - 0.5f;
        return x;
    }

    /** What the real trainer achieves: images per second over the training batches (validation excluded). */
    public record TrainerSpeed(double imagesPerSecond, double rssEarlyMb, double rssLateMb, int earlyEpoch, int lateEpoch) {}

    public static TrainerSpeed realTraining(ModelConfig cfg, DatasetSplit data, TrainingSettings s, int earlyEpoch, Device device) throws IOException {
        long[] batchStart = {0};
        double[] busy = {0};
        int[] images = {0};
        double[] rss = {Double.NaN, Double.NaN};
        TrainingListener l = new TrainingListener() {
            long epochStart;

            @Override
            public void onStart(int epochs, int batches, int trainFaces, int validationFaces, String device) {
                epochStart = System.nanoTime();
            }

            @Override
            public void onBatch(int epoch, int batch, int batches, double loss) {
                if (batch == batches) {
                    // Skip the first epoch: it warms caches and the JIT.
                    if (epoch > 1) {
                        busy[0] += (System.nanoTime() - epochStart) / 1e9;
                        images[0] += data.train().size();
                    }
                }
            }

            @Override
            public void onEpoch(EpochReport r) {
                if (r.epoch() == earlyEpoch) rss[0] = Measurements.rssMb()[0];
                if (r.epoch() == r.epochs()) rss[1] = Measurements.rssMb()[0];
                epochStart = System.nanoTime();
            }
        };
        new KeypointTrainer().train(new TrainingRun(cfg, data, s).withDevice(device.getDeviceType()), l);
        return new TrainerSpeed(images[0] / busy[0], rss[0], rss[1], earlyEpoch, s.epochs());
    }

    /** Detection: batch-1 latency per face (image in memory; and read from file), raw and folder throughput. */
    public record DetectionSpeed(double latencyMs, double latencyFromFileMs, double rawPerSecond, double folderPerSecond) {}

    public static DetectionSpeed detection(ModelBundle bundle, List<Path> files, List<FaceBox> boxes, int repeats, Device device) throws IOException {
        try (KeypointDetector d = new KeypointDetector(bundle, device)) {
            GrayImage first = ImageFiles.readGray(files.get(0));
            FaceBox box = boxes == null ? null : boxes.get(0);
            for (int i = 0; i < 5; i++) d.detect(first, box);
            long t0 = System.nanoTime();
            for (int i = 0; i < repeats; i++) d.detect(first, box);
            double latency = (System.nanoTime() - t0) / 1e6 / repeats;
            t0 = System.nanoTime();
            int n = Math.min(files.size(), repeats);
            for (int i = 0; i < n; i++) d.detect(ImageFiles.readGray(files.get(i)), boxes == null ? null : boxes.get(i));
            double fromFile = (System.nanoTime() - t0) / 1e6 / n;
            ModelConfig cfg = d.config();
            int batch = 16;
            float[] x = random(batch * cfg.inputWidth() * cfg.inputHeight(), 3);
            d.forward(x, batch);
            t0 = System.nanoTime();
            int rounds = Math.max(3, repeats / batch);
            for (int i = 0; i < rounds; i++) d.forward(x, batch);
            double raw = (double) rounds * batch / ((System.nanoTime() - t0) / 1e9);
            double folder = Double.NaN;
            if (boxes == null) {
                int[] count = {0};
                t0 = System.nanoTime();
                new FolderDetection(d, 16, 1).run(files, r -> count[0] += r.faces() == null ? 0 : r.faces().size());
                folder = count[0] / ((System.nanoTime() - t0) / 1e9);
            }
            return new DetectionSpeed(latency, fromFile, raw, folder);
        }
    }

    /** GFLOP/s of a large convolution and a large matrix product through libtorch. */
    public static double[] ceiling(Device device) {
        try (NDManager m = DeepLearning.engine().newBaseManager(device)) {
            NDArray a = m.randomUniform(0, 1, new Shape(2048, 2048)), b = m.randomUniform(0, 1, new Shape(2048, 2048));
            a.matMul(b).getFloat(0, 0);
            int n = 10;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                try (NDManager s = m.newSubManager()) {
                    NDArray c = a.matMul(b);
                    c.attach(s);
                    c.getFloat(0, 0);
                }
            }
            double matmul = 2.0 * 2048 * 2048 * 2048 * n / ((System.nanoTime() - t0) / 1e9) / 1e9;
            NDArray x = m.randomUniform(0, 1, new Shape(16, 64, 112, 112)), w = m.randomUniform(0, 1, new Shape(64, 64, 3, 3));
            ai.djl.nn.convolutional.Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow().getFloat(0, 0, 0, 0);
            t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                try (NDManager s = m.newSubManager()) {
                    NDArray y = ai.djl.nn.convolutional.Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
                    y.attach(s);
                    y.getFloat(0, 0, 0, 0);
                }
            }
            double conv = 2.0 * 16 * 64 * 112 * 112 * 64 * 9 * n / ((System.nanoTime() - t0) / 1e9) / 1e9;
            return new double[] {conv, matmul};
        }
    }

    static List<Path> firstN(List<Path> files, int n) {
        return new ArrayList<>(files.subList(0, Math.min(n, files.size())));
    }
}
