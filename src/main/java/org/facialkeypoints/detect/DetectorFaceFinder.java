package org.facialkeypoints.detect;

import org.facialkeypoints.facedetect.DetectedFace;
import org.facialkeypoints.facedetect.DetectorBoxMaps;
import org.facialkeypoints.facedetect.DetectorSettings;
import org.facialkeypoints.facedetect.Detections;
import org.facialkeypoints.facedetect.ModelLocator;
import org.facialkeypoints.facedetect.YuNetFaceDetector;
import org.facialkeypoints.geometry.DetectorBoxMap;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.LandmarkSets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds faces with the YuNet face detector and turns each detector box into the box a landmark model was trained
 * on: the tight box around the face's points, which sits lower than YuNet's box and is about three quarters as tall
 * ({@link DetectorBoxMaps}, measured on 300-W and IMM).
 */
public final class DetectorFaceFinder implements FaceFinder {

    private final YuNetFaceDetector detector;
    private final DetectorBoxMap map;
    private final boolean upright;

    public DetectorFaceFinder(YuNetFaceDetector detector, DetectorBoxMap map) {
        this(detector, map, false);
    }

    /** With {@code upright}, each face's crop is turned so that the detector's two eye points lie level. */
    public DetectorFaceFinder(YuNetFaceDetector detector, DetectorBoxMap map, boolean upright) {
        this.detector = detector;
        this.map = map;
        this.upright = upright;
    }

    /** The same detector, turning crops upright or not. */
    public DetectorFaceFinder upright(boolean on) { return new DetectorFaceFinder(detector, map, on); }

    /**
     * The detector for a landmark model: the YuNet file from {@code detectorModel} when given, else where
     * {@link ModelLocator} finds or downloads it ({@code offline} forbids the download).
     *
     * @throws org.facialkeypoints.facedetect.FaceDetectorUnavailableException with one sentence when OpenCV or the
     *                                                                         model file cannot be had
     */
    public static DetectorFaceFinder open(LandmarkSet landmarks, Path detectorModel, DetectorSettings settings, boolean offline) {
        Path file = new ModelLocator().locate(detectorModel, offline);
        return new DetectorFaceFinder(YuNetFaceDetector.open(file, settings), mapFor(landmarks));
    }

    /**
     * Detector box to point box for a landmark set: IMM's 58 points reach less far down the chin than iBUG's 68, so
     * their box is 3% narrower and 4% less tall for the same face; any other set is taken as covering the face like
     * iBUG's 68 points (the jaw line to the eyebrows).
     */
    public static DetectorBoxMap mapFor(LandmarkSet landmarks) {
        return landmarks.id().equals(LandmarkSets.IMM_58.id()) || landmarks.sameAs(LandmarkSets.IMM_58) ? DetectorBoxMaps.IMM_58_POINTS : DetectorBoxMaps.W300_68_POINTS;
    }

    public DetectorSettings settings() { return detector.settings(); }

    @Override
    public FaceSearch find(GrayImage gray) {
        Detections d = detector.detect(gray);
        List<FoundFace> faces = new ArrayList<>(d.faces().size());
        for (DetectedFace f : d.faces()) faces.add(new FoundFace(map.apply(f.box()), f.score(), upright ? roll(f) : 0));
        return new FaceSearch(faces, d.tooSmall());
    }

    /** The angle of the line from the face's right eye (on the image's left) to its left eye, y down. */
    static double roll(DetectedFace f) {
        double dx = f.pointX(DetectedFace.LEFT_EYE) - f.pointX(DetectedFace.RIGHT_EYE);
        double dy = f.pointY(DetectedFace.LEFT_EYE) - f.pointY(DetectedFace.RIGHT_EYE);
        return dx == 0 && dy == 0 ? 0 : Math.atan2(dy, dx);
    }

    @Override
    public void close() { detector.close(); }
}
