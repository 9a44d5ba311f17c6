package org.facialkeypoints.detect;

import ij.ImagePlus;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.image.ImageConversion;
import org.facialkeypoints.image.ImageFiles;
import org.facialkeypoints.image.JpegLuma;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Detection over many image files with the cores kept busy: reader threads decode and render a batch of images, the
 * network runs on the batch (on a GPU, the readers already work on the next batch meanwhile, see
 * {@link #overlapping}). Results arrive in file order. An image that cannot be read is
 * reported through the callback and skipped; the rest carry on.
 */
public final class FolderDetection {

    /**
     * One image's outcome: its slices' faces, or the error that kept it from being read. Without images (see
     * {@link #withoutImages}) image and slices are null and faces has one entry per slice.
     */
    public record ImageResult(Path file, ImagePlus image, List<GrayImage> slices, List<FaceKeypoints> faces, IOException error) {
        /** How tables name slice s (0-based): the file name, with [s + 1] after it for stacks. */
        public String sliceName(int s) {
            return file.getFileName() + (faces.size() > 1 ? "[" + (s + 1) + "]" : "");
        }
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

    /**
     * Reading overlaps the network only where the network runs on a GPU; on the CPU the images of a batch are read
     * by one thread per core, then the network runs on them with every core (see {@link #overlapping}).
     */
    public FolderDetection(KeypointDetector detector, int batchSize, int readers) {
        this(detector, batchSize, readers, true, detector.device().isGpu());
    }

    private FolderDetection(KeypointDetector detector, int batchSize, int readers, boolean keepImages, boolean overlap) {
        this.detector = detector;
        this.batchSize = Math.max(1, batchSize);
        this.readers = Math.max(1, readers);
        this.keepImages = keepImages;
        this.overlap = overlap;
    }

    /**
     * Whether background threads read the next images while the network works on the current ones. On a CPU whose
     * cores libtorch already keeps busy, reading alongside costs more than it hides: a reader that takes a core from
     * one of libtorch's threads leaves the others waiting for it at the next barrier, so on the CPU a batch is read
     * on all cores and then run through the network on all cores (docs/BENCHMARKS.md). Results are the same either
     * way.
     */
    public FolderDetection overlapping(boolean overlap) {
        return new FolderDetection(detector, batchSize, readers, keepImages, overlap);
    }

    /**
     * The same detection for callers that only want the points (the command line without overlays): a JPEG that a
     * whole-image model sees at a half, a quarter or an eighth of its size is then decoded at that size, luma only
     * ({@link org.facialkeypoints.image.JpegLuma}), which costs a fraction of decoding it whole. The points agree
     * with those from the whole image to a small fraction of a pixel ({@code FolderDetectionTest}).
     */
    public FolderDetection withoutImages() {
        return new FolderDetection(detector, batchSize, readers, false, overlap);
    }

    /** A read image; its faces already rendered for the network where no box has to be found first. */
    private record Decoded(Path file, ImagePlus imp, List<GrayImage> slices, List<KeypointDetector.PreparedFace> prepared, IOException error) {
        int faces() { return error != null ? 0 : slices != null ? slices.size() : prepared.size(); }
    }

    public void run(List<Path> files, Callback callback) throws IOException {
        int threads = overlap ? readers : Math.max(readers, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "keypoint-reader");
            t.setDaemon(true);
            return t;
        });
        if (!overlap) {
            try {
                inTurns(files, pool, callback);
            } finally {
                pool.shutdownNow();
            }
            return;
        }
        // Bounded look-ahead: a few batches of decoded images at most.
        BlockingQueue<Future<Decoded>> ahead = new ArrayBlockingQueue<>(batchSize * 2 + readers);
        try {
            int next = 0;
            while (next < files.size() && ahead.remainingCapacity() > 0) ahead.add(submit(pool, files.get(next++)));
            List<Decoded> batch = new ArrayList<>();
            while (!ahead.isEmpty()) {
                Decoded d = take(ahead.poll());
                if (next < files.size()) ahead.add(submit(pool, files.get(next++)));
                batch.add(d);
                int slices = batch.stream().mapToInt(Decoded::faces).sum();
                if (slices >= batchSize || ahead.isEmpty()) {
                    flush(batch, callback);
                    batch.clear();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A batch of files read by all threads, then the network on them; the next batch's reading starts before the
     * results are handed on, so that the callback's work (writing tables) overlaps with it.
     */
    private void inTurns(List<Path> files, ExecutorService pool, Callback callback) throws IOException {
        List<Future<Decoded>> group = submitGroup(files, 0, pool);
        for (int start = 0; start < files.size(); start += batchSize) {
            List<Decoded> read = new ArrayList<>();
            for (Future<Decoded> f : group) read.add(take(f));
            // Stacks can bring more slices than one batch: the network takes them batchSize slices at a time.
            List<List<Decoded>> batches = new ArrayList<>();
            List<Decoded> batch = new ArrayList<>();
            for (Decoded d : read) {
                batch.add(d);
                if (batch.stream().mapToInt(Decoded::faces).sum() >= batchSize) {
                    batches.add(batch);
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) batches.add(batch);
            List<List<FaceKeypoints>> found = new ArrayList<>();
            for (List<Decoded> b : batches) found.add(detect(b));
            group = submitGroup(files, start + batchSize, pool);
            for (int i = 0; i < batches.size(); i++) deliver(batches.get(i), found.get(i), callback);
        }
    }

    private List<Future<Decoded>> submitGroup(List<Path> files, int start, ExecutorService pool) {
        List<Future<Decoded>> group = new ArrayList<>();
        for (int i = start; i < Math.min(files.size(), start + batchSize); i++) group.add(submit(pool, files.get(i)));
        return group;
    }

    private void flush(List<Decoded> batch, Callback callback) throws IOException {
        deliver(batch, detect(batch), callback);
    }

    /** The network on every readable face of the batch, in order. */
    private List<FaceKeypoints> detect(List<Decoded> batch) {
        if (batch.stream().allMatch(d -> d.error != null || d.prepared != null)) {
            List<KeypointDetector.PreparedFace> all = new ArrayList<>();
            for (Decoded d : batch) if (d.prepared != null) all.addAll(d.prepared);
            return all.isEmpty() ? List.of() : detector.detectPrepared(all);
        }
        List<GrayImage> all = new ArrayList<>();
        for (Decoded d : batch) if (d.slices != null) all.addAll(d.slices);
        return all.isEmpty() ? List.of() : detector.detect(all, Collections.nCopies(all.size(), null));
    }

    private void deliver(List<Decoded> batch, List<FaceKeypoints> found, Callback callback) throws IOException {
        int k = 0;
        for (Decoded d : batch) {
            if (d.error != null) {
                callback.accept(new ImageResult(d.file, null, null, null, d.error));
                continue;
            }
            List<FaceKeypoints> mine = found.subList(k, k + d.faces());
            k += d.faces();
            callback.accept(new ImageResult(d.file, keepImages ? d.imp : null, keepImages ? d.slices : null, List.copyOf(mine), null));
        }
    }

    private Future<Decoded> submit(ExecutorService pool, Path file) {
        // Whole-image models need no box, so the reader also renders the network's input, off the network's thread.
        boolean render = !detector.config().pipeline().cropsFaces();
        return pool.submit(() -> {
            try {
                if (render && !keepImages) {
                    JpegLuma.Reduced small = ImageFiles.readReducedLuma(file, detector::decodeFactor);
                    if (small != null) return new Decoded(file, null, null, List.of(detector.prepare(small)), null);
                }
                ImagePlus imp = ImageFiles.open(file);
                List<GrayImage> slices = ImageConversion.slices(imp);
                List<KeypointDetector.PreparedFace> prepared = null;
                if (render) {
                    prepared = new ArrayList<>(slices.size());
                    for (GrayImage g : slices) prepared.add(detector.prepare(g, null));
                }
                return new Decoded(file, imp, slices, prepared, null);
            } catch (IOException e) {
                return new Decoded(file, null, null, null, e);
            } catch (RuntimeException | OutOfMemoryError e) {
                return new Decoded(file, null, null, null, new IOException("Cannot read image " + file + ": " + e, e));
            }
        });
    }

    private static Decoded take(Future<Decoded> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("reading an image failed: " + e.getCause(), e.getCause());
        }
    }
}
