package org.facialkeypoints.eval;

import org.facialkeypoints.data.AnnotatedSample;
import org.facialkeypoints.data.Dataset;
import org.facialkeypoints.landmarks.Landmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The floor every model must beat: predict, for every face, the average training shape in relative image
 * coordinates, scaled to each image.
 */
public final class MeanShapeBaseline {

    private final double[] relX;
    private final double[] relY;

    public MeanShapeBaseline(Dataset train) {
        int n = train.landmarks().size();
        relX = new double[n];
        relY = new double[n];
        for (AnnotatedSample s : train.samples()) {
            for (int i = 0; i < n; i++) {
                relX[i] += (s.points().x(i) + 0.5) / s.imageWidth() / train.size();
                relY[i] += (s.points().y(i) + 0.5) / s.imageHeight() / train.size();
            }
        }
    }

    public Landmarks predict(int width, int height) {
        double[] x = new double[relX.length], y = new double[relY.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = relX[i] * width - 0.5;
            y[i] = relY[i] * height - 0.5;
        }
        return new Landmarks(x, y);
    }

    public ErrorSummary evaluate(Dataset data, int[] outerEyeCorners) {
        List<FaceError> errors = new ArrayList<>();
        for (AnnotatedSample s : data.samples()) {
            errors.add(FaceError.of(s.imageName(), s.points(), predict(s.imageWidth(), s.imageHeight()), s.imageWidth(), s.imageHeight(), outerEyeCorners));
        }
        return ErrorSummary.of(errors, data.landmarks().size());
    }
}
