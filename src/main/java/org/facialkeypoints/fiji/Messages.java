package org.facialkeypoints.fiji;

import ij.IJ;
import ij.macro.Interpreter;

import java.awt.GraphicsEnvironment;

/** How the commands talk to the user: one clear dialog with a GUI, one log line in batch mode; never a stack trace. */
public final class Messages {

    public static final String TITLE = "Facial Keypoints";

    private Messages() {}

    public static boolean interactive() {
        return !GraphicsEnvironment.isHeadless() && !Interpreter.isBatchMode() && IJ.getInstance() != null;
    }

    public static void error(String message) {
        String text = message == null ? "unknown error" : message;
        if (interactive()) {
            IJ.error(TITLE, text);
        } else if (GraphicsEnvironment.isHeadless()) {
            System.err.println(TITLE + " error: " + text);
        } else {
            IJ.log(TITLE + " error: " + text);
        }
    }

    /**
     * A message for what stopped a command: an exception's own message, which the core writes to name the file and
     * the problem; running out of memory and a native library or class that failed to load (which the commands
     * catch too, so they end in this one message rather than in nothing) say so and what to do.
     */
    public static String of(Throwable t) {
        String m = t.getMessage();
        String detail = m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
        if (t instanceof OutOfMemoryError) {
            return "Out of memory (" + detail + "): give ImageJ more memory (Edit > Options > Memory & Threads), or use a"
                    + " smaller image or stack";
        }
        if (t instanceof LinkageError) {
            return "A library the plugin needs could not be loaded (" + t.getClass().getSimpleName() + ": " + detail
                    + "); check that the plugin's jars are installed as the README says";
        }
        return detail;
    }

    public static void log(String line) {
        IJ.log(line);
    }
}
