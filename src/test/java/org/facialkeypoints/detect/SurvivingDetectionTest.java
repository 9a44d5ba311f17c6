package org.facialkeypoints.detect;

import org.facialkeypoints.TestData;
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
        for (String n : TestData.IMM_SAMPLES) images.add(ImageFiles.readGray(TestData.immSample(n)));
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
        Path samples = TestData.copyImmSamples(dir.resolve("samples"));
        for (int i = 0; i < 2000; i++) {
            Path f = in.resolve(String.format("img%04d.jpg", i));
            if (i == 1000) Files.writeString(f, "this is not a jpeg");
            else Files.createLink(f, samples.resolve(TestData.IMM_SAMPLES.get(i % 4) + ".jpg"));
            files.add(f);
        }
        int[] ok = {0};
        List<Path> bad = new ArrayList<>();
        // Samples every 200 faces; a leak raises the floor of the resident set, while the JIT, the garbage collector
        // and libtorch make it spike and fall again, so the lowest early sample is compared with the lowest late one.
        List<Double> rss = new ArrayList<>(), heap = new ArrayList<>();
        try (KeypointDetector d = KeypointDetector.load("nose")) {
            new FolderDetection(d, 16, 1).run(files, r -> {
                if (r.error() != null) {
                    bad.add(r.file());
                    assertTrue(r.error().getMessage().contains(r.file().getFileName().toString()), r.error().getMessage());
                    return;
                }
                ok[0]++;
                if (ok[0] >= 400 && (ok[0] % 200 == 0 || ok[0] == 1999)) {
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
                    rss.add(Measurements.trimmedRssMb() - Runtime.getRuntime().totalMemory() / (1024.0 * 1024.0));
                    heap.add((Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1e6);
                }
            });
        }
        assertEquals(1999, ok[0]);
        assertEquals(List.of(in.resolve("img1000.jpg")), bad);
        int n = rss.size();
        double heapEarly = java.util.Collections.min(heap.subList(0, 3)), heapLate = java.util.Collections.min(heap.subList(n - 3, n));
        double rssEarly = java.util.Collections.min(rss.subList(0, 3)), rssLate = java.util.Collections.min(rss.subList(n - 3, n));
        assertTrue(heapLate - heapEarly < 100, "live Java heap grew (MB, every 200 faces): " + heap);
        assertTrue(rssLate - rssEarly < 0.1 * rssEarly + 100, "resident memory outside the Java heap grew (MB, every 200 faces): " + rss);
    }
}
