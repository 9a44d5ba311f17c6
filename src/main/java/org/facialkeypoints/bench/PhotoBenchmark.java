package org.facialkeypoints.bench;

import ai.djl.Device;
import org.facialkeypoints.bundle.BuiltinModels;
import org.facialkeypoints.detect.DetectorFaceFinder;
import org.facialkeypoints.detect.FaceSearch;
import org.facialkeypoints.detect.FolderDetection;
import org.facialkeypoints.detect.KeypointDetector;
import org.facialkeypoints.facedetect.DetectorSettings;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.image.ImageFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole chain on photos, the way a user runs {@code detect} on them: decode, find every face with the face
 * detector, crop and landmark each face. Per photo at batch 1, stage by stage, so the detector's share shows; and a
 * folder's throughput through the same {@link FolderDetection} the command uses. Rounds alternate the two, so a
 * slow spell of a shared machine hits both.
 */
public final class PhotoBenchmark {

    /**
     * Medians over rounds of the mean per photo: decoding, the face detector, rendering the crops and the landmark
     * network for every face found; the whole photo at batch 1; and a folder's photos per second.
     */
    public record PhotoSpeed(int photos, int faces, double decodeMs, double detectorMs, double landmarksMs, double photoMs,
                             double folderPhotosPerSecond) {}

    private PhotoBenchmark() {}

    public static PhotoSpeed measure(String model, List<Path> photos, int rounds, Device device) throws IOException {
        try (KeypointDetector d = new KeypointDetector(BuiltinModels.load(model), device);
             DetectorFaceFinder finder = DetectorFaceFinder.open(d.bundle().config().landmarks(), null, DetectorSettings.DEFAULT, true)) {
            List<Double> decode = new ArrayList<>(), detect = new ArrayList<>(), marks = new ArrayList<>(), whole = new ArrayList<>(), folder = new ArrayList<>();
            int faces = 0;
            d.withFaceFinder(finder, false);
            // Round -1 warms the JIT, OpenCV and libtorch; it is not counted.
            for (int round = -1; round < rounds; round++) {
                long dec = 0, det = 0, lm = 0;
                int found = 0;
                for (Path p : photos) {
                    long t0 = System.nanoTime();
                    GrayImage g = ImageFiles.readGray(p);
                    long t1 = System.nanoTime();
                    FaceSearch s = finder.find(g);
                    long t2 = System.nanoTime();
                    List<KeypointDetector.PreparedFace> prepared = new ArrayList<>();
                    for (var f : s.faces()) prepared.add(d.prepare(g, f.box(), f.roll()));
                    if (!prepared.isEmpty()) d.detectPrepared(prepared);
                    long t3 = System.nanoTime();
                    dec += t1 - t0;
                    det += t2 - t1;
                    lm += t3 - t2;
                    found += prepared.size();
                }
                long f0 = System.nanoTime();
                new FolderDetection(d, 16).withoutImages().run(photos, r -> { });
                double folderSeconds = (System.nanoTime() - f0) / 1e9;
                if (round < 0) continue;
                faces = found;
                int n = photos.size();
                decode.add(dec / 1e6 / n);
                detect.add(det / 1e6 / n);
                marks.add(lm / 1e6 / n);
                whole.add((dec + det + lm) / 1e6 / n);
                folder.add(n / folderSeconds);
            }
            return new PhotoSpeed(photos.size(), faces, PipelineBenchmark.median(decode), PipelineBenchmark.median(detect),
                    PipelineBenchmark.median(marks), PipelineBenchmark.median(whole), PipelineBenchmark.median(folder));
        }
    }
}
