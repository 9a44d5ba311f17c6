package org.facialkeypoints.facedetect;

import org.facialkeypoints.geometry.DetectorBoxMap;

/**
 * Measured maps from YuNet's box (default settings, colour input) to the tight box around a face's annotated points,
 * fitted by the median ratio over every face YuNet found (DetectorBoxMeasurement in the tests). YuNet's box reaches
 * from above the eyebrows to below the chin, so the point box sits lower and is about three quarters as tall.
 */
public final class DetectorBoxMaps {

    /**
     * 68 iBUG points, from the 2,009 faces of 300-W's training set: YuNet found 2,006 (IoU with the point box at
     * least 0.3); centre dx +0.0033 w, dy +0.1272 h, width x1.0366, height x0.7488; the mapped box's median IoU with
     * the point box 0.888. On gray input: 1,995 found, +0.0003, +0.1258, x1.0393, x0.7587.
     */
    public static final DetectorBoxMap W300_68_POINTS = new DetectorBoxMap(0.0033, 0.1272, 1.0366, 0.7488);

    /**
     * 58 IMM points, from the 240 IMM photos: all 240 found; centre dx +0.0060 w, dy +0.1440 h, width x0.9708,
     * height x0.7293; median IoU after mapping 0.920. On gray input: 240 found, +0.0025, +0.1431, x0.9741, x0.7300.
     */
    public static final DetectorBoxMap IMM_58_POINTS = new DetectorBoxMap(0.0060, 0.1440, 0.9708, 0.7293);

    private DetectorBoxMaps() {}
}
