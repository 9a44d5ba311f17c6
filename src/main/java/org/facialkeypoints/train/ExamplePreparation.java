package org.facialkeypoints.train;

import org.facialkeypoints.data.AnnotatedSample;
import org.facialkeypoints.geometry.CropWindow;
import org.facialkeypoints.image.CropSource;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.image.ImageSource;
import org.facialkeypoints.model.ModelConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Decodes each image once and keeps, per face, only the pixels training will sample from. */
public final class ExamplePreparation {

    /** Room around the window for augmentation to rotate and shift into, as a fraction of the window. */
    public static final double AUGMENTATION_MARGIN = 0.3;

    private ExamplePreparation() {}

    public static List<TrainingExample> prepare(List<AnnotatedSample> samples, ModelConfig cfg, double margin,
                                                ImageSource images, int threads) throws IOException {
        Map<String, List<Integer>> byImage = new LinkedHashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            AnnotatedSample s = samples.get(i);
            byImage.computeIfAbsent(s.image() + "#" + s.slice(), k -> new ArrayList<>()).add(i);
        }
        TrainingExample[] out = new TrainingExample[samples.size()];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (List<Integer> group : byImage.values()) {
                jobs.add(pool.submit(() -> {
                    AnnotatedSample first = samples.get(group.get(0));
                    GrayImage img = images.load(first.image(), first.slice());
                    for (int i : group) {
                        AnnotatedSample s = samples.get(i);
                        if (img.width() != s.imageWidth() || img.height() != s.imageHeight()) {
                            throw new IOException(s.image() + ": image is " + img.width() + "x" + img.height()
                                    + " but its annotation expected " + s.imageWidth() + "x" + s.imageHeight());
                        }
                        CropWindow window = cfg.window(s.imageWidth(), s.imageHeight(), s.boxOrPointExtent());
                        out[i] = new TrainingExample(s, CropSource.prepare(img, window, margin), window);
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading images", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException("reading training images failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return List.of(out);
    }
}
