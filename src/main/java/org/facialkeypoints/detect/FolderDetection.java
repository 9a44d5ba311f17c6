package org.facialkeypoints.detect;

import ij.ImagePlus;
import org.facialkeypoints.engine.DeepLearning;
import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.image.ImageConversion;
import org.facialkeypoints.image.ImageFiles;
import org.facialkeypoints.image.ReducedGray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Detection over many image files with the cores kept busy. On the CPU each core takes its own group of files,
 * reads it and runs the network on it; on a GPU reader threads decode the next images while the network works on the
 * current batch (see {@link #overlapping}). Results arrive in file order. An image that cannot be read is reported
 * through the callback and skipped; the rest carry on.
 */
public final class FolderDetection {

    /**
     * One image's outcome: the faces of each slice (none where no face was found), how many faces were too small to
     * be landmarked, or the error that kept it from being read. Without images (see {@link #withoutImages}) image and
     * slices are null.
     */
    public record ImageResult(Path file, ImagePlus image, List<GrayImage> slices, List<List<FaceKeypoints>> faces, int tooSmall,
                              IOException error) {
        /** How tables name slice s (0-based): the file name, with [s + 1] after it for stacks. */
        public String sliceName(int s) {
            return file.getFileName() + (faces.size() > 1 ? "[" + (s + 1) + "]" : "");
        }

        /** The number of slices (1 for a plain image). */
        public int sliceCount() { return faces.size(); }

        public int faceCount() { return faces.stream().mapToInt(List::size).sum(); }
    }

    @FunctionalInterface
    public interface Callback {
        void accept(ImageResult r) throws IOException;
    }

    private final KeypointDetector detector;
    private final int batchSize;
    private final int readers;

    private final boolean keepImages;
    private final boolean overlap;
    private final Map<Path, List<FaceBox>> givenBoxes;

    /**
     * Reading overlaps the network, with {@code readers} threads, only where the network runs on a GPU; on the CPU
     * each core reads and detects its own groups of files (see {@link #overlapping}).
     */
    public FolderDetection(KeypointDetector detector, int batchSize, int readers) {
        this(detector, batchSize, readers, true, detector.device().isGpu(), Map.of());
    }

    /**
     * As many readers as there are cores but the one that feeds the network: on a GPU the network is so fast that
     * decoding is what limits a folder (one reader: 4-6% of the network's speed; docs/BENCHMARKS.md).
     */
    public FolderDetection(KeypointDetector detector, int batchSize) {
        this(detector, batchSize, Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
    }

    private FolderDetection(KeypointDetector detector, int batchSize, int readers, boolean keepImages, boolean overlap,
                            Map<Path, List<FaceBox>> givenBoxes) {
        this.detector = detector;
        this.batchSize = Math.max(1, batchSize);
        this.readers = Math.max(1, readers);
        this.keepImages = keepImages;
        this.overlap = overlap;
        this.givenBoxes = givenBoxes;
    }

    /**
     * The same detection with the faces' boxes given for some files (every slice of such a file gets them), as
     * {@code detect --boxes} lists them; the other files' faces are found as usual. Face-crop models only.
     */
    public FolderDetection withBoxes(Map<Path, List<FaceBox>> boxes) {
        if (!boxes.isEmpty() && !detector.config().pipeline().cropsFaces()) throw new IllegalArgumentException(detector.wholeImageRefusal());
        return new FolderDetection(detector, batchSize, readers, keepImages, overlap, Map.copyOf(boxes));
    }

    /**
     * Whether background threads read the next images while the network works on the current batch. On a CPU whose
     * cores libtorch already keeps busy, reading alongside costs more than it hides: a reader that takes a core from
     * one of libtorch's threads leaves the others waiting for it at the next barrier. Without overlapping, each core
     * reads a batch and runs the network on it with one libtorch thread, the cores on different batches
     * (docs/BENCHMARKS.md). Results are the same either way.
     */
    public FolderDetection overlapping(boolean overlap) {
        return new FolderDetection(detector, batchSize, readers, keepImages, overlap, givenBoxes);
    }

    /**
     * The same detection for callers that only want the points (the command line without overlays): a JPEG that a
     * whole-image model sees at a half, a quarter or an eighth of its size is then read as gray only and shrunk to that
     * size ({@link JpegGrayReader}, where OpenCV loads), which costs less than decoding its colours. The points agree
     * with those from the whole image to a small fraction of a pixel ({@code FolderDetectionTest}).
     */
    public FolderDetection withoutImages() {
        return new FolderDetection(detector, batchSize, readers, false, overlap, givenBoxes);
    }

    /** A read image, its faces found and rendered for the network (one entry per slice). */
    private record Decoded(Path file, ImagePlus imp, List<GrayImage> slices, List<KeypointDetector.PreparedImage> prepared,
                           IOException error) {
        static Decoded failed(Path file, IOException error) {
            return new Decoded(file, null, null, null, error);
        }

        int faces() {
            return prepared == null ? 0 : prepared.stream().mapToInt(p -> p.faces().size()).sum();
        }

        /** The same outcome without its pixels, once the network has seen them and nobody wants the images. */
        Decoded withoutPixels() {
            return new Decoded(file, null, null, prepared == null ? null : prepared.stream()
                    .map(p -> new KeypointDetector.PreparedImage(java.util.Collections.nCopies(p.faces().size(), null), p.tooSmall())).toList(), error);
        }
    }

    public void run(List<Path> files, Callback callback) throws IOException {
        if (overlap) overlapped(files, callback);
        else groupPerCore(files, callback);
    }

    /** Reader threads decode the next images while the network works on the current batch. */
    private void overlapped(List<Path> files, Callback callback) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(readers, r -> {
            Thread t = new Thread(r, "keypoint-reader");
            t.setDaemon(true);
            return t;
        });
        // Bounded look-ahead: a few batches of decoded images at most.
        BlockingQueue<Future<Decoded>> ahead = new ArrayBlockingQueue<>(batchSize * 2 + readers);
        try {
            int next = 0;
            while (next < files.size() && ahead.remainingCapacity() > 0) ahead.add(submit(pool, files.get(next++)));
            List<Decoded> batch = new ArrayList<>();
            while (!ahead.isEmpty()) {
                Decoded d = take(ahead.poll(), "reading an image failed");
                if (next < files.size()) ahead.add(submit(pool, files.get(next++)));
                batch.add(d);
                int slices = batch.stream().mapToInt(Decoded::faces).sum();
                if (slices >= batchSize || batch.size() >= batchSize || ahead.isEmpty()) {
                    flush(batch, callback);
                    batch.clear();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A batch with the faces the network found in it. */
    private record Detected(List<Decoded> batch, List<FaceKeypoints> found) {}

    /**
     * On the CPU: as many workers as libtorch has threads, each taking a group of files ({@link #groupSizes}),
     * reading it and running the network on it with one libtorch thread; results are handed on in file order. One
     * core's reading then never holds up the others, as it does when every operation is split across all cores and
     * waits for the slowest (docs/BENCHMARKS.md). At most one group per worker, and one more, is being read or
     * waits to be handed on.
     */
    private void groupPerCore(List<Path> files, Callback callback) throws IOException {
        int workers = Math.max(1, DeepLearning.threads());
        ExecutorService pool = DeepLearning.sharedSingleThreadedWorkers(workers);
        List<Integer> sizes = groupSizes(files.size(), batchSize, workers);
        Deque<Future<List<Detected>>> ahead = new ArrayDeque<>();
        try {
            int next = 0, g = 0;
            while (g < sizes.size() && ahead.size() <= workers) {
                ahead.add(submitGroup(pool, files, next, sizes.get(g)));
                next += sizes.get(g++);
            }
            while (!ahead.isEmpty()) {
                List<Detected> done = take(ahead.poll(), "detection failed");
                if (g < sizes.size()) {
                    ahead.add(submitGroup(pool, files, next, sizes.get(g)));
                    next += sizes.get(g++);
                }
                for (Detected d : done) deliver(d.batch, d.found, callback);
            }
        } finally {
            // The pool is shared: when the callback gives up, only this run's queued groups are dropped.
            for (Future<List<Detected>> f : ahead) f.cancel(false);
        }
    }

    /**
     * How many files each worker's group takes, in order. The workers share a batch: each takes batchSize / workers
     * files at a time, so that as many images are in flight as in one batch. Smaller batches also keep libtorch's
     * buffers under the size (32 MB) above which the C library maps fresh memory for each one and gives it back after:
     * on two cores, groups of 8 ran 1.5-2.5x as fast as groups of 16 for all four models (docs/BENCHMARKS.md).
     * Whole groups for as many rounds as every worker gets one, then what is left shared evenly, so that no core
     * idles through the last group while another works (240 files as 30 groups of 8 would be even; as 15 groups
     * of 16 they would keep one core alone for the last: 8 group times, not 7.5).
     */
    public static List<Integer> groupSizes(int files, int batchSize, int workers) {
        int group = Math.max(1, (batchSize + workers - 1) / workers);
        List<Integer> sizes = new ArrayList<>();
        int rounds = files / (group * workers), left = files - rounds * group * workers;
        for (int i = 0; i < rounds * workers; i++) sizes.add(group);
        int parts = Math.min(workers, left);
        for (int i = 0; i < parts; i++) sizes.add(left / parts + (i < left % parts ? 1 : 0));
        return sizes;
    }

    private Future<List<Detected>> submitGroup(ExecutorService pool, List<Path> files, int start, int size) {
        List<Path> group = List.copyOf(files.subList(start, Math.min(files.size(), start + size)));
        return pool.submit(() -> readAndDetect(group));
    }

    /** Reads a group of files and runs the network on them, batchSize slices at a time (stacks can bring more). */
    private List<Detected> readAndDetect(List<Path> group) {
        List<Detected> out = new ArrayList<>();
        List<Decoded> batch = new ArrayList<>();
        int slices = 0;
        for (Path file : group) {
            Decoded d = read(file);
            batch.add(d);
            slices += d.faces();
            if (slices >= batchSize) {
                out.add(detected(batch));
                batch = new ArrayList<>();
                slices = 0;
            }
        }
        if (!batch.isEmpty()) out.add(detected(batch));
        return out;
    }

    private Detected detected(List<Decoded> batch) {
        List<FaceKeypoints> found = detect(batch);
        return new Detected(keepImages ? batch : batch.stream().map(Decoded::withoutPixels).toList(), found);
    }

    private void flush(List<Decoded> batch, Callback callback) throws IOException {
        deliver(batch, detect(batch), callback);
    }

    /** The network on every face of the batch, in order. */
    private List<FaceKeypoints> detect(List<Decoded> batch) {
        List<KeypointDetector.PreparedFace> all = new ArrayList<>();
        for (Decoded d : batch) if (d.prepared != null) for (KeypointDetector.PreparedImage p : d.prepared) all.addAll(p.faces());
        return all.isEmpty() ? List.of() : detector.detectPrepared(all);
    }

    private void deliver(List<Decoded> batch, List<FaceKeypoints> found, Callback callback) throws IOException {
        int k = 0;
        for (Decoded d : batch) {
            if (d.error != null) {
                callback.accept(new ImageResult(d.file, null, null, null, 0, d.error));
                continue;
            }
            List<List<FaceKeypoints>> perSlice = new ArrayList<>(d.prepared.size());
            int tooSmall = 0;
            for (KeypointDetector.PreparedImage p : d.prepared) {
                perSlice.add(List.copyOf(found.subList(k, k + p.faces().size())));
                k += p.faces().size();
                tooSmall += p.tooSmall();
            }
            callback.accept(new ImageResult(d.file, keepImages ? d.imp : null, keepImages ? d.slices : null, List.copyOf(perSlice), tooSmall, null));
        }
    }

    private Future<Decoded> submit(ExecutorService pool, Path file) {
        return pool.submit(() -> read(file));
    }

    /**
     * Reads one file and finds and renders its faces, off the network's thread. Without images, a JPEG is decoded at
     * the size a whole-image model sees; face-crop models get its brightness at full size, where faces are found.
     */
    private Decoded read(Path file) {
        List<FaceBox> given = givenBoxes.get(file);
        try {
            if (!keepImages) {
                ReducedGray luma = JpegGrayReader.read(file, detector::decodeFactor);
                if (luma != null) {
                    KeypointDetector.PreparedImage p = detector.config().pipeline().cropsFaces()
                            ? detector.prepareFaces(luma.pixels(), given) : detector.prepareFaces(luma);
                    return new Decoded(file, null, null, List.of(p), null);
                }
            }
            ImagePlus imp = ImageFiles.open(file);
            List<GrayImage> slices = ImageConversion.slices(imp);
            List<KeypointDetector.PreparedImage> prepared = new ArrayList<>(slices.size());
            for (GrayImage g : slices) prepared.add(detector.prepareFaces(g, given));
            return new Decoded(file, keepImages ? imp : null, keepImages ? slices : null, prepared, null);
        } catch (IOException e) {
            return Decoded.failed(file, e);
        } catch (RuntimeException | OutOfMemoryError e) {
            return Decoded.failed(file, new IOException("Cannot read image " + file + ": " + e, e));
        }
    }

    private static <T> T take(Future<T> f, String what) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(what + ": " + e.getCause(), e.getCause());
        }
    }
}
