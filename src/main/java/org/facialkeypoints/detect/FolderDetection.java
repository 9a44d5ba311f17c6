package org.facialkeypoints.detect;

import ij.ImagePlus;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.image.ImageConversion;
import org.facialkeypoints.image.ImageFiles;

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
 * Detection over many image files with the cores kept busy: background threads decode the next images while the
 * network runs on a batch of the current ones. Results arrive in file order. An image that cannot be read is
 * reported through the callback and skipped; the rest carry on.
 */
public final class FolderDetection {

    /** One image's outcome: its slices' faces, or the error that kept it from being read. */
    public record ImageResult(Path file, ImagePlus image, List<GrayImage> slices, List<FaceKeypoints> faces, IOException error) {}

    @FunctionalInterface
    public interface Callback {
        void accept(ImageResult r) throws IOException;
    }

    private final KeypointDetector detector;
    private final int batchSize;
    private final int readers;

    public FolderDetection(KeypointDetector detector, int batchSize, int readers) {
        this.detector = detector;
        this.batchSize = Math.max(1, batchSize);
        this.readers = Math.max(1, readers);
    }

    /** A read image; its faces already rendered for the network where no box has to be found first. */
    private record Decoded(Path file, ImagePlus imp, List<GrayImage> slices, List<KeypointDetector.PreparedFace> prepared, IOException error) {}

    public void run(List<Path> files, Callback callback) throws IOException {
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
                Decoded d = take(ahead.poll());
                if (next < files.size()) ahead.add(submit(pool, files.get(next++)));
                batch.add(d);
                int slices = batch.stream().mapToInt(x -> x.slices == null ? 0 : x.slices.size()).sum();
                if (slices >= batchSize || ahead.isEmpty()) {
                    flush(batch, callback);
                    batch.clear();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void flush(List<Decoded> batch, Callback callback) throws IOException {
        List<FaceKeypoints> found;
        if (batch.stream().allMatch(d -> d.slices == null || d.prepared != null)) {
            List<KeypointDetector.PreparedFace> all = new ArrayList<>();
            for (Decoded d : batch) if (d.prepared != null) all.addAll(d.prepared);
            found = all.isEmpty() ? List.of() : detector.detectPrepared(all);
        } else {
            List<GrayImage> all = new ArrayList<>();
            for (Decoded d : batch) if (d.slices != null) all.addAll(d.slices);
            found = all.isEmpty() ? List.of() : detector.detect(all, Collections.nCopies(all.size(), null));
        }
        int k = 0;
        for (Decoded d : batch) {
            if (d.error != null) {
                callback.accept(new ImageResult(d.file, null, null, null, d.error));
                continue;
            }
            List<FaceKeypoints> mine = found.subList(k, k + d.slices.size());
            k += d.slices.size();
            callback.accept(new ImageResult(d.file, d.imp, d.slices, List.copyOf(mine), null));
        }
    }

    private Future<Decoded> submit(ExecutorService pool, Path file) {
        // Whole-image models need no box, so the reader also renders the network's input, off the network's thread.
        boolean render = !detector.config().pipeline().cropsFaces();
        return pool.submit(() -> {
            try {
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
