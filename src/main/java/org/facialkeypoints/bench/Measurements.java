package org.facialkeypoints.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small measuring helpers: wall time, resident memory. */
public final class Measurements {

    private Measurements() {}

    /** Resident set size now and at its peak, in MB (Linux /proc; NaN elsewhere). */
    public static double[] rssMb() {
        try {
            double now = Double.NaN, peak = Double.NaN;
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) now = kb(l) / 1024.0;
                if (l.startsWith("VmHWM:")) peak = kb(l) / 1024.0;
            }
            return new double[] {now, peak};
        } catch (IOException | RuntimeException e) {
            return new double[] {Double.NaN, Double.NaN};
        }
    }

    /**
     * Resident set size in MB after handing the C library's free memory back to the system (glibc's malloc_trim):
     * libtorch frees its buffers to malloc, which keeps them mapped, so the plain figure swings by gigabytes with
     * what was freed last; only what is still allocated survives the trim, which is what a leak would be.
     */
    public static double trimmedRssMb() {
        try {
            com.sun.jna.NativeLibrary.getInstance("c").getFunction("malloc_trim").invokeInt(new Object[] {0});
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            // Not glibc: the plain figure is all there is.
        }
        return rssMb()[0];
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    public static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) return l.substring(l.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return System.getProperty("os.arch");
    }
}
