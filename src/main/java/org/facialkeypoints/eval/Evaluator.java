package org.facialkeypoints.eval;

import org.facialkeypoints.data.AnnotatedSample;
import org.facialkeypoints.data.Dataset;
import org.facialkeypoints.detect.FaceKeypoints;
import org.facialkeypoints.detect.KeypointDetector;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.landmarks.Landmarks;
import org.facialkeypoints.train.ExamplePreparation;
import org.facialkeypoints.train.KeypointTrainer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures a detector against annotated faces. The model's points are matched to the data's by name, so a nose
 * model is scored on the subnasale of 58- or 68-point data; names that mark different spots in the two markups are
 * refused rather than compared.
 */
public final class Evaluator {

    private final ExamplePreparation.ImageSource images;

    public Evaluator() { this(ExamplePreparation.FILES); }

    public Evaluator(ExamplePreparation.ImageSource images) { this.images = images; }

    public ErrorSummary evaluate(KeypointDetector detector, Dataset data) throws IOException {
        return evaluate(detector, data, true);
    }

    /**
     * With {@code givenBoxes}, face-crop models look in each face's box from the data (or its points' extent when
     * the data has none); without, they find the face themselves (the detector's box finder), as on new images.
     */
    public ErrorSummary evaluate(KeypointDetector detector, Dataset data, boolean givenBoxes) throws IOException {
        LandmarkSet modelSet = detector.config().landmarks();
        int[] index = dataIndices(modelSet, data.landmarks());
        int[] eyes = KeypointTrainer.outerEyeCorners(modelSet);
        List<FaceError> errors = new ArrayList<>();
        Map<String, GrayImage> cache = new HashMap<>();
        for (AnnotatedSample s : data.samples()) {
            String key = s.image() + "#" + s.slice();
            GrayImage img = cache.get(key);
            if (img == null) {
                cache.clear();
                img = images.load(s.image(), s.slice());
                cache.put(key, img);
            }
            FaceKeypoints found = detector.detect(img, detector.config().pipeline().cropsFaces() && givenBoxes ? s.boxOrPointExtent() : null);
            Landmarks truth = s.points().reordered(index);
            errors.add(FaceError.of(label(s), truth, found.points(), s.imageWidth(), s.imageHeight(), eyes));
        }
        return ErrorSummary.of(errors, modelSet.size());
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
