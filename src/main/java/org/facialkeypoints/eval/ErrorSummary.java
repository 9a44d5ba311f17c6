package org.facialkeypoints.eval;

import com.google.gson.JsonObject;

import java.util.Comparator;
import java.util.List;

/** Errors over many faces: every measure averaged over faces (each face has the same number of points). */
public record ErrorSummary(int faces, int pointsPerFace, double mseNorm, double maePx, double meanErrPx, double nme,
                           List<FaceError> perFace) {

    public static ErrorSummary of(List<FaceError> errors, int pointsPerFace) {
        int n = errors.size();
        double mse = 0, mae = 0, err = 0, nme = 0;
        int nmeCount = 0;
        for (FaceError e : errors) {
            mse += e.mseNorm();
            mae += e.maePx();
            err += e.meanErrPx();
            if (!Double.isNaN(e.nme())) {
                nme += e.nme();
                nmeCount++;
            }
        }
        return new ErrorSummary(n, pointsPerFace, n == 0 ? Double.NaN : mse / n, n == 0 ? Double.NaN : mae / n,
                n == 0 ? Double.NaN : err / n, nmeCount == 0 ? Double.NaN : nme / nmeCount, List.copyOf(errors));
    }

    /** Faces from best to worst by normalized MSE. */
    public List<FaceError> ranked() {
        return perFace.stream().sorted(Comparator.comparingDouble(FaceError::mseNorm)).toList();
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("faces", faces);
        o.addProperty("points", pointsPerFace);
        o.addProperty("mse_norm", round(mseNorm));
        o.addProperty("mae_px", round(maePx));
        o.addProperty("mean_err_px", round(meanErrPx));
        if (!Double.isNaN(nme)) o.addProperty("nme_iod", round(nme));
        return o;
    }

    static double round(double v) {
        if (!Double.isFinite(v)) return v;
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6g", v));
    }
}
