package org.facialkeypoints.geometry;

import java.util.Arrays;
import java.util.List;

/**
 * Maps a face detector's box to another kind of face box (for example the tight box around a face's annotated
 * points), in units of the detector box: the mapped centre is the detector's centre moved by (dx * w, dy * h), the
 * mapped size is (sx * w, sy * h).
 */
public record DetectorBoxMap(double dx, double dy, double sx, double sy) {

    public static final DetectorBoxMap IDENTITY = new DetectorBoxMap(0, 0, 1, 1);

    public DetectorBoxMap {
        if (!Double.isFinite(dx) || !Double.isFinite(dy) || !(sx > 0) || !(sy > 0) || !Double.isFinite(sx) || !Double.isFinite(sy)) {
            throw new IllegalArgumentException("box map needs finite shifts and positive size ratios, got " + dx + ", " + dy + ", " + sx + ", " + sy);
        }
    }

    public FaceBox apply(FaceBox detector) {
        double w = detector.width(), h = detector.height();
        double cx = detector.centerX() + dx * w, cy = detector.centerY() + dy * h;
        double mw = sx * w, mh = sy * h;
        return new FaceBox(cx - mw / 2, cy - mh / 2, mw, mh);
    }

    /** The detector box that {@link #apply} maps onto {@code mapped}. */
    public FaceBox invert(FaceBox mapped) {
        double w = mapped.width() / sx, h = mapped.height() / sy;
        double cx = mapped.centerX() - dx * w, cy = mapped.centerY() - dy * h;
        return new FaceBox(cx - w / 2, cy - h / 2, w, h);
    }

    /**
     * Fits the map to pairs of boxes (detector.get(i) belongs to target.get(i)) by the median of each of the four
     * ratios: a median ignores a minority of wrongly matched pairs, where a mean would be pulled by each of them.
     */
    public static DetectorBoxMap fit(List<FaceBox> detector, List<FaceBox> target) {
        if (detector.size() != target.size()) {
            throw new IllegalArgumentException(detector.size() + " detector boxes but " + target.size() + " target boxes");
        }
        int n = detector.size();
        if (n == 0) throw new IllegalArgumentException("no box pairs to fit a box map to");
        double[] dx = new double[n], dy = new double[n], sx = new double[n], sy = new double[n];
        for (int i = 0; i < n; i++) {
            FaceBox d = detector.get(i), t = target.get(i);
            dx[i] = (t.centerX() - d.centerX()) / d.width();
            dy[i] = (t.centerY() - d.centerY()) / d.height();
            sx[i] = t.width() / d.width();
            sy[i] = t.height() / d.height();
        }
        return new DetectorBoxMap(median(dx), median(dy), median(sx), median(sy));
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "DetectorBoxMap[dx %+.4f w, dy %+.4f h, width x%.4f, height x%.4f]", dx, dy, sx, sy);
    }
}
