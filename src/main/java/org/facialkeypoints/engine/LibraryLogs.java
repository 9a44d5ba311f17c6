package org.facialkeypoints.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

/**
 * Keeps DJL's start-up noise out of the user's way. On a machine with a CUDA runtime but no usable driver, DJL's GPU
 * probe logs "Failed to detect GPU count: CUDA driver version is insufficient ..." as a warning at every engine start
 * and device query (twice per start with DJL 0.36), and ImageJ2 opens its console, in red, to show it. DJL has no
 * setting for this, and the log binding is the host's, so the probe's own switch is turned off before the engine
 * starts and what it found is logged here at debug level; the device is said once, where the user looks.
 */
final class LibraryLogs {

    private static final Logger LOG = LoggerFactory.getLogger(LibraryLogs.class);
    private static final String PROBE = "ai.djl.util.cuda.CudaUtils";

    private LibraryLogs() {}

    /** Silences DJL's GPU probe (its private {@code logging} switch); a DJL without it is left as it is. */
    static void quietGpuProbe() {
        try {
            Class<?> probe = Class.forName(PROBE, true, LibraryLogs.class.getClassLoader());
            Field logging = probe.getDeclaredField("logging");
            logging.setAccessible(true);
            logging.setBoolean(null, false);
            LOG.debug("DJL's GPU probe quieted; it sees {} GPU(s)", probe.getMethod("getGpuCount").invoke(null));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("DJL's GPU probe left as it is ({})", e.toString());
        }
    }
}
