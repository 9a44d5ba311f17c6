package org.facialkeypoints.facedetect;

import java.util.Locale;

/**
 * Loads OpenCV's native library from the openpnp jar, once per JVM. The jar carries the natives for Linux, macOS and
 * Windows and unpacks them into a temporary folder, so nothing is downloaded.
 */
public final class OpenCvLibrary {

    private static final Object LOCK = new Object();
    private static volatile boolean loaded;
    /** A failed load is not retried: a second try in the same JVM fails the same way, only slower. */
    private static FaceDetectorUnavailableException failure;

    private OpenCvLibrary() {}

    /** Loads the natives unless already loaded; safe to call from any thread, any number of times. */
    public static void load() {
        if (loaded) return;
        synchronized (LOCK) {
            if (loaded) return;
            if (failure != null) throw new FaceDetectorUnavailableException(failure.getMessage(), failure.getCause());
            try {
                nu.pattern.OpenCV.loadLocally();
                loaded = true;
            } catch (RuntimeException | LinkageError e) {
                failure = new FaceDetectorUnavailableException("OpenCV's native library could not be loaded on this platform ("
                        + platform() + ": " + oneLine(e) + "): draw a box around each face or pass --boxes instead", e);
                throw failure;
            }
        }
    }

    /**
     * Whether the natives load here (tried once per JVM): for callers that have a way without OpenCV and take it
     * where there is none.
     */
    public static boolean available() {
        try {
            load();
            return true;
        } catch (FaceDetectorUnavailableException e) {
            return false;
        }
    }

    static String platform() {
        return System.getProperty("os.name", "?") + " " + System.getProperty("os.arch", "?").toLowerCase(Locale.ROOT);
    }

    /** The exception as a short phrase without line breaks, so the message stays one sentence. */
    static String oneLine(Throwable e) {
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        m = m.replaceAll("\\s+", " ").trim();
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}
