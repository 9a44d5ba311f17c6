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

    /** A message for an exception: its own message, which the core writes to name the file and the problem. */
    public static String of(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    public static void log(String line) {
        IJ.log(line);
    }
}
