package org.facialkeypoints.facedetect;

/**
 * How YuNet is run.
 *
 * @param scoreThreshold faces scoring below this are dropped. 0.85: on the photos checked, the false positives
 *                       (faces on posters, dogs' faces, a torso) scored below about 0.9 while every real face in
 *                       dlib's 43 and the IMM's 240 passed 0.85
 * @param nmsThreshold   overlapping boxes with an IoU above this are merged into the best one (0.3, OpenCV's default)
 * @param topK           candidates kept before merging (5000, OpenCV's default)
 * @param maxSide        the image is shrunk so its longer side is at most this before detection, and boxes are scaled
 *                       back. 640, the size YuNet was exported at: measured 14 ms per 384 x 384 300-W crop and 44 ms
 *                       per 640 x 480 IMM photo on two shared cores, while the work grows with the pixel count, so a
 *                       4000 x 3000 photo at full size would take about 40 times as long
 * @param minFaceSide    faces whose box is narrower or lower than this, in the detector's (shrunk) input, are only
 *                       counted as too small: 12 px, below which five points and a box are too coarse to start from
 */
public record DetectorSettings(double scoreThreshold, double nmsThreshold, int topK, int maxSide, double minFaceSide) {

    public static final DetectorSettings DEFAULT = new DetectorSettings(0.85, 0.3, 5000, 640, 12);

    public DetectorSettings {
        if (!(scoreThreshold > 0 && scoreThreshold <= 1)) {
            throw new IllegalArgumentException("face score threshold must lie in (0, 1], got " + scoreThreshold);
        }
        if (!(nmsThreshold > 0 && nmsThreshold <= 1)) {
            throw new IllegalArgumentException("overlap (NMS) threshold must lie in (0, 1], got " + nmsThreshold);
        }
        if (topK < 1 || topK > 100_000) throw new IllegalArgumentException("top-k must lie in 1..100000, got " + topK);
        if (maxSide < 32 || maxSide > 8192) {
            throw new IllegalArgumentException("detector input side must lie in 32..8192 pixels, got " + maxSide);
        }
        if (!(minFaceSide >= 0 && minFaceSide < maxSide)) {
            throw new IllegalArgumentException("smallest face side must lie in [0, " + maxSide + ") pixels, got " + minFaceSide);
        }
    }

    public DetectorSettings withScoreThreshold(double threshold) {
        return new DetectorSettings(threshold, nmsThreshold, topK, maxSide, minFaceSide);
    }

    public DetectorSettings withMinFaceSide(double side) {
        return new DetectorSettings(scoreThreshold, nmsThreshold, topK, maxSide, side);
    }
}
