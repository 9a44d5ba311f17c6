package org.facialkeypoints.facedetect;

/**
 * The face detector cannot run here (no native library, no model file, a model OpenCV cannot read). Unchecked, like
 * the engine's own failure, because callers can only report it; the message is one sentence a user can act on.
 */
public class FaceDetectorUnavailableException extends RuntimeException {

    public FaceDetectorUnavailableException(String message) {
        super(message);
    }

    public FaceDetectorUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
