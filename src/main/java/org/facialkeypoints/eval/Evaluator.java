package org.facialkeypoints.eval;

import org.facialkeypoints.data.AnnotatedSample;
import org.facialkeypoints.data.Dataset;
import org.facialkeypoints.data.DatasetSplit;
import org.facialkeypoints.detect.FaceFinder;
import org.facialkeypoints.detect.FaceKeypoints;
import org.facialkeypoints.detect.FaceSearch;
import org.facialkeypoints.detect.FoundFace;
import org.facialkeypoints.detect.KeypointDetector;
import org.facialkeypoints.facedetect.FaceMatching;
import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.image.ImageSource;
import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.landmarks.Landmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures a detector against annotated faces. The model's points are matched to the data's by name, so a nose
 * model is scored on the subnasale of 58- or 68-point data; names that mark different spots in the two markups are
 * refused rather than compared.
 */
public final class Evaluator {

    private final ImageSource images;

    public Evaluator() { this(ImageSource.FILES); }

    public Evaluator(ImageSource images) { this.images = images; }

    public ErrorSummary evaluate(KeypointDetector detector, Dataset data) throws IOException {
        return evaluate(detector, data, null).summary();
    }

    /**
     * What an evaluation measured: the errors of the faces that were landmarked, the faces the face finder missed
     * (no found face overlaps the annotated one by IoU {@value #MATCH_IOU} or more), and the subset of each face
     * (for 300-W crops: lfpw, helen, afw; else null).
     */
    public record Evaluation(ErrorSummary summary, int missed, List<String> subsets) {

        /** The summary of the faces of one subset. */
        public ErrorSummary of(String subset) {
            List<FaceError> mine = new ArrayList<>();
            for (int i = 0; i < subsets.size(); i++) if (subset.equals(subsets.get(i))) mine.add(summary.perFace().get(i));
            return ErrorSummary.of(mine, summary.pointsPerFace());
        }
    }

    /**
     * A found face stands for an annotated one when their boxes (both the box around the face's points) overlap by
     * this IoU: below 0.3 the found box is on another face or a poster (median IoU of matched 300-W faces: 0.89).
     */
    public static final double MATCH_IOU = 0.3;

    /**
     * Without a finder, face-crop models look in each face's box from the data (or its points' extent when the data
     * has none), the way they were trained. With one, every image's faces are found as on new photos, each
     * annotated face is scored with the found face that overlaps it best, and faces none overlaps are counted missed.
     */
    public Evaluation evaluate(KeypointDetector detector, Dataset data, FaceFinder finder) throws IOException {
        LandmarkSet modelSet = detector.config().landmarks();
        int[] index = dataIndices(modelSet, data.landmarks());
        int[] eyes = FaceError.outerEyeCorners(modelSet);
        boolean crops = detector.config().pipeline().cropsFaces();
        List<FaceError> errors = new ArrayList<>();
        List<String> subsets = new ArrayList<>();
        int missed = 0;
        String cachedKey = null;
        GrayImage img = null;
        FaceSearch search = null;
        for (AnnotatedSample s : data.samples()) {
            String key = s.image() + "#" + s.slice();
            if (!key.equals(cachedKey)) {
                img = images.load(s.image(), s.slice());
                cachedKey = key;
                search = finder == null ? null : finder.find(img);
            }
            FaceBox box = crops ? s.boxOrPointExtent() : null;
            double roll = 0;
            if (search != null) {
                int i = FaceMatching.bestMatch(FaceBox.around(s.points()), search.faces().stream().map(FoundFace::box).toList(), MATCH_IOU);
                if (i < 0) {
                    missed++;
                    continue;
                }
                FoundFace best = search.faces().get(i);
                box = crops ? best.box() : null;
                roll = crops ? best.roll() : 0;
            }
            FaceKeypoints found = detector.detectPrepared(List.of(detector.prepare(img, box, roll))).get(0);
            Landmarks truthPoints = s.points().reordered(index);
            errors.add(FaceError.of(label(s), truthPoints, found.points(), s.imageWidth(), s.imageHeight(), eyes));
            subsets.add(DatasetSplit.w300Subset(s));
        }
        return new Evaluation(ErrorSummary.of(errors, modelSet.size()), missed, subsets);
    }

    static String label(AnnotatedSample s) {
        return s.imageName() + (s.slice() > 1 ? "[" + s.slice() + "]" : "");
    }

    /**
     * For each of the model's points, its index in the data's landmark set, matched by name; a name the data lacks,
     * or one that marks a different spot in the data's markup, is refused.
     */
    public static int[] dataIndices(LandmarkSet model, LandmarkSet data) throws IOException {
        if (model.sameAs(data)) return LandmarkSets.indicesByName(model, data);
        for (String name : model.names()) {
            if (!data.names().contains(name)) {
                throw new IOException("The model finds " + model + " but the data (" + data + ") has no point named '" + name + "'");
            }
        }
        try {
            return LandmarkSets.indicesByName(model, data);
        } catch (IllegalArgumentException e) {
            throw new IOException("The model's " + e.getMessage(), e);
        }
    }
}
