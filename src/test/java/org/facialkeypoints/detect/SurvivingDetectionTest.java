package org.facialkeypoints.detect;

import org.facialkeypoints.bench.Measurements;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.image.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Detection that survives: many threads at once, thousands of images, a bad file among them. */
class SurvivingDetectionTest {

    @TempDir
    Path dir;

    @Test
    void manyThreadsGiveWhatOneThreadGives() throws Exception {
        List<GrayImage> images = new ArrayList<>();
        for (String n : List.of("33-1m", "35-2f", "37-4m", "40-6m")) images.add(ImageFiles.readGray(Path.of("sample-data", n + ".jpg")));
        try (KeypointDetector d = KeypointDetector.load("face")) {
            List<FaceKeypoints> sequential = new ArrayList<>();
            for (GrayImage g : images) sequential.add(d.detect(g, null));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<FaceKeypoints>> jobs = new ArrayList<>();
                for (int round = 0; round < 6; round++) for (GrayImage g : images) jobs.add(pool.submit(() -> d.detect(g, null)));
                for (int i = 0; i < jobs.size(); i++) {
                    FaceKeypoints got = jobs.get(i).get(), want = sequential.get(i % images.size());
                    for (int p = 0; p < want.points().size(); p++) {
                        assertEquals(want.points().x(p), got.points().x(p), 1e-3);
                        assertEquals(want.points().y(p), got.points().y(p), 1e-3);
                    }
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void twoThousandImagesWithABadOneRunInFlatMemory() throws Exception {
        Path in = Files.createDirectory(dir.resolve("many"));
        List<Path> files = new ArrayList<>();
        String[] samples = {"33-1m", "35-2f", "37-4m", "40-6m"};
        for (int i = 0; i < 2000; i++) {
            Path f = in.resolve(String.format("img%04d.jpg", i));
            if (i == 1000) Files.writeString(f, "this is not a jpeg");
            else Files.createLink(f, Path.of("sample-data", samples[i % 4] + ".jpg").toAbsolutePath());
            files.add(f);
        }
        int[] ok = {0};
        List<Path> bad = new ArrayList<>();
        double[] rss = new double[2], heap = new double[2];
        try (KeypointDetector d = KeypointDetector.load("nose")) {
            new FolderDetection(d, 16, 1).run(files, r -> {
                if (r.error() != null) {
                    bad.add(r.file());
                    assertTrue(r.error().getMessage().contains(r.file().getFileName().toString()), r.error().getMessage());
                    return;
                }
                ok[0]++;
                if (ok[0] == 400 || ok[0] == 1999) {
                    // Garbage first (and what it holds natively, such as image decoders' buffers): the JVM grows its
                    // heap lazily and frees native buffers through cleaners, neither of which is a leak. The resident
                    // set is read after the C library returns its free memory, since libtorch's freed buffers stay
                    // mapped otherwise (measured: swings of over 1 GB between two points of the same run), and
                    // without the Java heap, whose committed size G1 sets by the allocation rate.
                    System.gc();
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    System.gc();
                    int k = ok[0] == 400 ? 0 : 1;
                    // Outside the Java heap: the heap's own size follows the allocation rate (checked live below).
                    rss[k] = Measurements.trimmedRssMb() - Runtime.getRuntime().totalMemory() / (1024.0 * 1024.0);
                    heap[k] = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1e6;
                }
            });
        }
        assertEquals(1999, ok[0]);
        assertEquals(List.of(in.resolve("img1000.jpg")), bad);
        assertTrue(heap[1] - heap[0] < 100, "live Java heap grew from " + heap[0] + " MB to " + heap[1] + " MB");
        assertTrue(rss[1] - rss[0] < 0.1 * rss[0] + 100, "resident memory outside the Java heap grew from " + rss[0] + " MB to " + rss[1] + " MB");
    }
}
