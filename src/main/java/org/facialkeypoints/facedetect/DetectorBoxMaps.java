package org.facialkeypoints.facedetect;

import org.facialkeypoints.geometry.DetectorBoxMap;

/**
 * Measured maps from YuNet's box (default settings, gray input, as the product finds faces on brightness alone) to the
 * tight box around a face's annotated points, fitted by the median ratio over every face YuNet found
 * (DetectorBoxMeasurement in the tests). YuNet's box reaches
 * from above the eyebrows to below the chin, so the point box sits lower and is about three quarters as tall.
 */
public final class DetectorBoxMaps {

    /**
     * 68 iBUG points, from the 2,009 faces of 300-W's training set: on gray input YuNet found 1,995 (IoU with the
     * point box at least 0.3); centre dx +0.0003 w, dy +0.1258 h, width x1.0393, height x0.7587; the mapped box's
     * median IoU with the point box 0.886. On colour input: 2,006 found, +0.0033, +0.1272, x1.0366, x0.7488, 0.888.
     */
    public static final DetectorBoxMap W300_68_POINTS = new DetectorBoxMap(0.0003, 0.1258, 1.0393, 0.7587);

    /**
     * 58 IMM points, from the 240 IMM photos: on gray input all 240 found; centre dx +0.0025 w, dy +0.1431 h, width
     * x0.9741, height x0.7300; median IoU after mapping 0.913. On colour input: 240 found, +0.0060, +0.1440, x0.9708,
     * x0.7293, 0.920.
     */
    public static final DetectorBoxMap IMM_58_POINTS = new DetectorBoxMap(0.0025, 0.1431, 0.9741, 0.7300);

    private DetectorBoxMaps() {}
}
