package org.facialkeypoints.detect;

import org.facialkeypoints.io.KeypointCsv;
import org.facialkeypoints.landmarks.LandmarkSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Folder detection into the keypoint table, as {@code detect --csv} and the benchmark run it: every face of every
 * slice becomes rows ({@link KeypointCsv}), and each image's rows are handed on as soon as the image is done, in
 * file order, so that a caller can write them as they come.
 */
public final class CsvDetection {

    /** What a run met: images that could not be read, faces landmarked, images without a face, faces too small. */
    public record Tally(int skipped, int faces, int withoutFace, int tooSmall) {}

    /** Receives each image's outcome with its rows (empty for an image that was skipped or had no face). */
    @FunctionalInterface
    public interface Rows {
        void accept(FolderDetection.ImageResult image, String rows) throws IOException;
    }

    private final FolderDetection folder;
    private final LandmarkSet points;
    private final boolean confidence;

    /** Rows of the folder's detector's points, with a confidence column for heatmap models. */
    public CsvDetection(FolderDetection folder, KeypointDetector detector) {
        this.folder = folder;
        this.points = detector.config().landmarks();
        this.confidence = detector.config().pipeline().heatmaps();
    }

    /** The table's header line, without its line end. */
    public String header() { return new KeypointCsv(confidence).header(); }

    /**
     * Detects every file; {@code names} gives the name an image has in the table (a stack's slices add [1], [2], ...
     * to it).
     */
    public Tally run(List<Path> files, Function<Path, String> names, Rows rows) throws IOException {
        int[] tally = new int[4];
        folder.run(files, r -> {
            if (r.error() != null) {
                tally[0]++;
                rows.accept(r, "");
                return;
            }
            KeypointCsv csv = new KeypointCsv(confidence);
            String listed = names.apply(r.file());
            for (int s = 0; s < r.sliceCount(); s++) {
                String name = listed + (r.sliceCount() > 1 ? "[" + (s + 1) + "]" : "");
                List<FaceKeypoints> faces = r.faces().get(s);
                for (int f = 0; f < faces.size(); f++) {
                    FaceKeypoints fk = faces.get(f);
                    csv.add(name, f, points, fk.points(), fk.confidence(), fk.score());
                }
            }
            tally[1] += r.faceCount();
            if (r.faceCount() == 0) tally[2]++;
            tally[3] += r.tooSmall();
            rows.accept(r, csv.rows());
        });
        return new Tally(tally[0], tally[1], tally[2], tally[3]);
    }
}
