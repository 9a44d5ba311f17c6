package org.facialkeypoints.cli;

import org.facialkeypoints.detect.DetectorFaceFinder;
import org.facialkeypoints.detect.KeypointDetector;
import org.facialkeypoints.facedetect.DetectorSettings;
import org.facialkeypoints.facedetect.FaceDetectorModel;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The YuNet face detector's options, the same for detect and evaluate. */
final class FaceDetectorOptions {

    @Option(names = "--min-score", paramLabel = "S",
            description = "the face detector's score a face needs, 0..1 (default ${DEFAULT-VALUE})")
    double minScore = DetectorSettings.DEFAULT.scoreThreshold();

    @Option(names = "--detector", paramLabel = "FILE", description = "the YuNet model file ("
            + FaceDetectorModel.FILE_NAME + "); else the system property facialkeypoints.yunet, the environment "
            + "variable FACIAL_KEYPOINTS_YUNET, the folder of FACIAL_KEYPOINTS_MODELS, the user cache "
            + "(~/.cache/facial-keypoints/models) or Fiji's models folder, else it is downloaded once from the "
            + "authors' release, checksum pinned")
    Path file;

    @Option(names = "--offline", description = "never download the face detector (as does -Dai.djl.offline=true)")
    boolean offline;

    @Option(names = "--upright", description = "turn each face's crop so that the detector's eye points lie level")
    boolean upright;

    /** Faces are found with YuNet, at --min-score, from --detector or where the model zoo conventions put it. */
    void use(KeypointDetector detector) {
        DetectorSettings settings = DetectorSettings.DEFAULT.withScoreThreshold(minScore);
        DetectorFaceFinder finder = DetectorFaceFinder.open(detector.config().landmarks(), file, settings, offline);
        detector.withFaceFinder(finder.upright(upright), true);
    }
}
