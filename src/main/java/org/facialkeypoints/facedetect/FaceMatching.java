package org.facialkeypoints.facedetect;

import org.facialkeypoints.geometry.FaceBox;

import java.util.List;

/** Pairs a known face box with one of the boxes a detector found, by overlap. */
public final class FaceMatching {

    private FaceMatching() {}

    /** Intersection over union of two boxes: 1 for the same box, 0 for boxes that do not overlap. */
    public static double iou(FaceBox a, FaceBox b) {
        double iw = Math.min(a.right(), b.right()) - Math.max(a.left(), b.left());
        double ih = Math.min(a.bottom(), b.bottom()) - Math.max(a.top(), b.top());
        if (iw <= 0 || ih <= 0) return 0;
        double inter = iw * ih;
        return inter / (a.width() * a.height() + b.width() * b.height() - inter);
    }

    /**
     * The index of the found box overlapping {@code truth} most, or -1 when none reaches {@code minIou}. 0.5 is the
     * usual choice (PASCAL VOC's and WIDER FACE's criterion for a hit).
     */
    public static int bestMatch(FaceBox truth, List<FaceBox> found, double minIou) {
        int best = -1;
        double bestIou = minIou;
        for (int i = 0; i < found.size(); i++) {
            double v = iou(truth, found.get(i));
            if (v >= bestIou && (best < 0 || v > bestIou)) {
                best = i;
                bestIou = v;
            }
        }
        return best;
    }
}
