package org.facialkeypoints.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.facialkeypoints.bundle.BuiltinModels;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.data.DatasetSplit;
import org.facialkeypoints.detect.CsvDetection;
import org.facialkeypoints.detect.DetectorFaceFinder;
import org.facialkeypoints.detect.FaceFinder;
import org.facialkeypoints.detect.FolderDetection;
import org.facialkeypoints.facedetect.DetectorSettings;
import org.facialkeypoints.facedetect.FaceDetectorUnavailableException;
import org.facialkeypoints.detect.KeypointDetector;
import org.facialkeypoints.engine.DeepLearning;
import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.image.ImageFiles;
import org.facialkeypoints.io.AtomicFiles;
import org.facialkeypoints.landmarks.Landmarks;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.OutputCodec;
import org.facialkeypoints.train.EpochReport;
import org.facialkeypoints.train.HostBatch;
import org.facialkeypoints.train.KeypointTrainer;
import org.facialkeypoints.train.TrainingObserver;
import org.facialkeypoints.train.TrainingRun;
import org.facialkeypoints.train.TrainingSession;
import org.facialkeypoints.train.TrainingSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The speed of one pipeline, measured the ways users meet it: training on ready-made tensors (the ceiling for the
 * trainer), the real trainer on real data with augmentation, one face at a time, and a whole folder.
 */
public final class PipelineBenchmark {

    private PipelineBenchmark() {}

    /**
     * Images per second of forward + backward + Adam on one ready batch, repeated; the first steps warm up, and the
     * best of three blocks counts.
     */
    public static double rawTraining(ModelConfig cfg, TrainingSettings s, int steps, Device device) {
        double best = 0;
        for (double v : rawTrainingBlocks(cfg, s, Math.max(1, steps / 3), 3, device)) best = Math.max(best, v);
        return best;
    }

    /** Images per second of each of {@code blocks} blocks of raw training steps, after a short warm-up. */
    public static double[] rawTrainingBlocks(ModelConfig cfg, TrainingSettings s, int stepsPerBlock, int blocks, Device device) {
        // The trainer's own network, optimizer, loss and step, on one ready batch instead of the data pipeline.
        try (TrainingSession session = TrainingSession.open(cfg, s, device)) {
            int b = s.batchSize();
            float[] x = random(b * cfg.inputWidth() * cfg.inputHeight(), 1);
            float[] y = targets(OutputCodec.of(cfg), cfg, b);
            HostBatch hb = new HostBatch(0, new int[b], x, y);
            for (int i = 0; i < 4; i++) session.step(hb, 1e-4);
            double[] speed = new double[blocks];
            for (int block = 0; block < blocks; block++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < stepsPerBlock; i++) session.step(hb, 1e-4);
                speed[block] = (double) stepsPerBlock * b / ((System.nanoTime() - t0) / 1e9);
            }
            return speed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
            codec.encode(new Landmarks(px, py), y, k * codec.targetSize());
        }
        return y;
    }

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = r.nextFloat() - 0.5f;
        return x;
    }

    /**
     * What the real trainer achieves, images per second over the training batches (validation excluded; the first
     * epoch warms up), and, measured right after each of those epochs, raw training on as many images: on a shared
     * machine only measurements taken side by side compare, so the ratio is the median of the per-epoch ratios.
     */
    public record TrainerSpeed(double imagesPerSecond, double rawPerSecond, double ratio, double rssEarlyMb, double rssLateMb, int earlyEpoch, int lateEpoch) {}

    public static TrainerSpeed realTraining(ModelConfig cfg, DatasetSplit data, TrainingSettings s, int earlyEpoch, boolean withRaw, Device device) throws IOException {
        List<Double> trainer = new ArrayList<>(), raw = new ArrayList<>(), ratio = new ArrayList<>();
        double[] rss = {Double.NaN, Double.NaN};
        int batches = Math.max(1, data.train().size() / s.batchSize());
        TrainingObserver l = new TrainingObserver() {
            long epochStart;

            @Override
            public void onStart(int epochs, int batchCount, int trainFaces, int validationFaces, String deviceName) {
                epochStart = System.nanoTime();
            }

            @Override
            public void onBatch(int epoch, int batch, int batchCount, double loss) {
                if (batch == batchCount && epoch > 1) trainer.add(data.train().size() / ((System.nanoTime() - epochStart) / 1e9));
            }

            @Override
            public void onEpoch(EpochReport r) {
                if (r.epoch() == earlyEpoch) rss[0] = Measurements.rssMb()[0];
                if (r.epoch() == r.epochs()) rss[1] = Measurements.rssMb()[0];
                if (withRaw && r.epoch() > 1) {
                    double v = rawTrainingBlocks(cfg, s, batches, 1, device)[0];
                    raw.add(v);
                    ratio.add(trainer.get(trainer.size() - 1) / v);
                }
                epochStart = System.nanoTime();
            }
        };
        new KeypointTrainer().train(new TrainingRun(cfg, data, s).withDevice(device.getDeviceType()), l);
        return new TrainerSpeed(median(trainer), withRaw ? median(raw) : Double.NaN, withRaw ? median(ratio) : Double.NaN, rss[0], rss[1], earlyEpoch, s.epochs());
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) return Double.NaN;
        List<Double> v = new ArrayList<>(values);
        java.util.Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    /**
     * Detection: batch-1 latency per face (image in memory; and read from file); raw inference on ready inputs at
     * batch 16 and detection over a folder, in alternating rounds of the same number of images so that each folder
     * round has a raw round beside it; medians of the rounds and of their ratios. Raw inference is measured in the
     * ways the cores can share it: one batch of 16 at a time on all cores, and (on the CPU) the folder detection's
     * groups, one at a time on all cores and one per core at once; the fastest in each round is the ceiling. For
     * face-crop models the folder is searched with the face detector finding the faces (where its model is at hand;
     * else no folder figure), so their ratio includes the detector's share; rawWithFinderPerSecond is NaN since the
     * face model stopped finding boxes. Where {@code pngFiles} are
     * given (the same faces as PNG files, which are decoded whole), a folder round over them runs beside the others.
     */
    public record DetectionSpeed(double latencyMs, double latencyFromFileMs, double rawPerSecond, double rawWithFinderPerSecond,
            double folderPerSecond, double folderRatio, double rawOneBatchPerSecond, int group, double rawGroupPerSecond,
            double rawGroupPerCorePerSecond, double pngFolderPerSecond, double pngFolderRatio) {}

    public static DetectionSpeed detection(ModelBundle bundle, List<Path> files, List<FaceBox> boxes, int repeats, Device device,
            List<Path> pngFiles) throws IOException {
        // The pool the detect command's folder runs use, so that both sides find libtorch equally prepared.
        ExecutorService perCore = device.isGpu() ? null : DeepLearning.sharedSingleThreadedWorkers(DeepLearning.threads());
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
            // Face-crop models on a folder find every face with the face detector first, as the detect command does,
            // where its model can be had without a download; the folder's ratio to the raw network then includes
            // the detector's share.
            FaceFinder finder = boxes != null ? offlineFaceFinder(cfg) : null;
            if (finder != null) d.withFaceFinder(finder, true);
            List<Path> folderFiles = files.stream().distinct().toList();
            // A round is the whole folder (240 images for IMM), as the detect command reads it.
            int batch = 16, rounds = 4, perRound = folderFiles.size() / batch * batch, batches = perRound / batch;
            // One batch of 16 at a time on all cores; and (on the CPU) the groups the folder detection makes of the
            // same files, both one at a time on all cores and one per core at once.
            List<Integer> sixteens = java.util.Collections.nCopies(batches, batch);
            List<Integer> groups = perCore == null ? List.of() : FolderDetection.groupSizes(perRound, batch, DeepLearning.threads());
            java.util.Map<Integer, float[]> inputs = new java.util.HashMap<>();
            for (int size : java.util.stream.Stream.concat(sixteens.stream(), groups.stream()).toList()) {
                inputs.computeIfAbsent(size, k -> random(k * cfg.inputWidth() * cfg.inputHeight(), 3));
            }
            for (int i = 0; i < 2; i++) d.forward(inputs.get(batch), batch);
            List<Double> raw = new ArrayList<>(), both = new ArrayList<>(), folder = new ArrayList<>(), ratio = new ArrayList<>();
            List<Double> oneBatch = new ArrayList<>(), groupOneAtATime = new ArrayList<>(), groupPerCore = new ArrayList<>();
            List<Double> png = new ArrayList<>(), pngRatio = new ArrayList<>();
            // Round -1 is not counted: every side runs once first, so that the measured rounds compare compiled code
            // (the JPEG decoder's first few hundred images run at half speed while the JIT compiles it).
            for (int round = -1; round < rounds; round++) {
                double ownOne = perRound / (oneAtATime(d, sixteens, inputs) / 1e9);
                double ownSmall = Double.NaN, ownCore = Double.NaN;
                if (perCore != null) {
                    ownSmall = perRound / (oneAtATime(d, groups, inputs) / 1e9);
                    ownCore = perRound / secondsSpread(perCore, groups, size -> d.forward(inputs.get(size), size));
                }
                double f = Double.NaN;
                if (boxes == null || finder != null) {
                    t0 = System.nanoTime();
                    int count = detectToCsv(d, folderFiles.subList(0, perRound), batch);
                    f = count / ((System.nanoTime() - t0) / 1e9);
                }
                double g = Double.NaN;
                if (pngFiles != null) {
                    t0 = System.nanoTime();
                    int count = detectToCsv(d, pngFiles.subList(0, Math.min(perRound, pngFiles.size())), batch);
                    g = count / ((System.nanoTime() - t0) / 1e9);
                }
                if (round < 0) continue;
                double r = best(best(ownOne, ownSmall), ownCore);
                if (!Double.isNaN(g)) {
                    png.add(g);
                    pngRatio.add(g / r);
                }
                raw.add(r);
                oneBatch.add(ownOne);
                if (perCore != null) {
                    groupOneAtATime.add(ownSmall);
                    groupPerCore.add(ownCore);
                }
                if (!Double.isNaN(f)) {
                    folder.add(f);
                    ratio.add(f / r);
                }
            }
            return new DetectionSpeed(latency, fromFile, median(raw), median(both), median(folder), median(ratio),
                    median(oneBatch), groups.isEmpty() ? 0 : groups.get(0), median(groupOneAtATime), median(groupPerCore),
                    median(png), median(pngRatio));
        }
    }

    /** Nanoseconds of the model's forward passes over batches of these sizes, one at a time. */
    private static long oneAtATime(KeypointDetector d, List<Integer> sizes, java.util.Map<Integer, float[]> inputs) {
        long t = 0;
        for (int size : sizes) {
            long t0 = System.nanoTime();
            d.forward(inputs.get(size), size);
            t += System.nanoTime() - t0;
        }
        return t;
    }

    /** The face detector where its model is at hand (no download from a benchmark), else null. */
    static FaceFinder offlineFaceFinder(ModelConfig cfg) {
        try {
            return DetectorFaceFinder.open(cfg.landmarks(), null, DetectorSettings.DEFAULT, true);
        } catch (FaceDetectorUnavailableException e) {
            return null;
        }
    }

    private static double best(double a, double b) {
        return Double.isNaN(b) ? a : Math.max(a, b);
    }

    /** Seconds for the pool's threads to run the task once for each batch size between them. */
    private static double secondsSpread(ExecutorService pool, List<Integer> sizes, java.util.function.IntConsumer task) throws IOException {
        long t0 = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int size : sizes) running.add(pool.submit(() -> task.accept(size)));
        try {
            for (Future<?> f : running) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("inference failed: " + e.getCause(), e.getCause());
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * What the detect command does with a folder when asked for points only: detection without keeping the images,
     * every point into the CSV table, the table written to a file. The number of faces found.
     */
    static int detectToCsv(KeypointDetector d, List<Path> files, int batch) throws IOException {
        CsvDetection detection = new CsvDetection(new FolderDetection(d, batch).withoutImages(), d);
        StringBuilder table = new StringBuilder(detection.header()).append('\n');
        CsvDetection.Tally tally = detection.run(files, f -> f.getFileName().toString(), (r, rows) -> table.append(rows));
        Path out = Files.createTempFile("bench-detect", ".csv");
        try {
            AtomicFiles.writeString(out, table.toString());
        } finally {
            Files.deleteIfExists(out);
        }
        return tally.faces();
    }

    /** Raw training img/s of several variants of a network, interleaved over three rounds; the best round of each. */
    public static double[] rawTrainingInterleaved(List<ModelConfig> variants, TrainingSettings s, int steps, Device device) {
        double[] best = new double[variants.size()];
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < variants.size(); i++) best[i] = Math.max(best[i], rawTraining(variants.get(i), s, steps, device));
        }
        return best;
    }

    /** Raw training and inference speed with this many intra-op threads; the best of several interleaved rounds. */
    public record ThreadSpeed(int threads, double trainPerSecond, double inferPerSecond) {}

    /**
     * The bundle's network: raw training and inference, both at the settings' batch size, for 1 .. maxThreads
     * intra-op threads, the thread counts interleaved over three rounds so that a slow spell of a shared machine hits
     * all of them alike; restores the thread count after.
     */
    public static List<ThreadSpeed> threadSweep(ModelBundle bundle, TrainingSettings s, int maxThreads, Device device) throws IOException {
        ModelConfig cfg = bundle.config();
        int before = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        double[] train = new double[maxThreads + 1], infer = new double[maxThreads + 1];
        try (KeypointDetector d = new KeypointDetector(bundle, device)) {
            int batch = s.batchSize();
            float[] x = random(batch * cfg.inputWidth() * cfg.inputHeight(), 4);
            for (int round = 0; round < 3; round++) {
                for (int t = 1; t <= maxThreads; t++) {
                    ai.djl.pytorch.jni.JniUtils.setNumThreads(t);
                    train[t] = Math.max(train[t], rawTraining(cfg, s, 9, device));
                    d.forward(x, batch);
                    long t0 = System.nanoTime();
                    for (int i = 0; i < 4; i++) d.forward(x, batch);
                    infer[t] = Math.max(infer[t], 4.0 * batch / ((System.nanoTime() - t0) / 1e9));
                }
            }
        } finally {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(before);
        }
        List<ThreadSpeed> out = new ArrayList<>();
        for (int t = 1; t <= maxThreads; t++) out.add(new ThreadSpeed(t, train[t], infer[t]));
        return out;
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

    /** Each image written again as a PNG file into dir, in the same order. */
    public static List<Path> pngCopies(List<Path> images, Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path f : images) {
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(f.toFile());
            if (img == null) throw new IOException(f + ": not an image that Java can read");
            String name = f.getFileName().toString();
            Path png = dir.resolve((name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name) + ".png");
            if (!javax.imageio.ImageIO.write(img, "png", png.toFile())) throw new IOException("no PNG writer for " + f);
            out.add(png);
        }
        return out;
    }

    /** Deletes a folder of plain files that this benchmark made. */
    public static void deleteFolder(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
    }

    static List<Path> firstN(List<Path> files, int n) {
        return new ArrayList<>(files.subList(0, Math.min(n, files.size())));
    }
}
