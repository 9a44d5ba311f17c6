package org.facialkeypoints.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Restarts the command in a child JVM whose C library backs large allocations with transparent huge pages
 * ({@code GLIBC_TUNABLES=glibc.malloc.hugetlb=1}). libtorch allocates and frees its activation buffers every step;
 * buffers over 32 MB are mapped fresh from the kernel each time, and on virtual machines the page faults of that
 * first touch dominated training time (measured: an element-wise add over 22 M floats took 165 ms with 4 KB pages,
 * 24 ms with huge pages; the 58-point net trained about 3x faster). The setting must be in place before the process
 * starts, hence the relaunch. Only on Linux, only when the variable is not already set; setting
 * {@code FACIAL_KEYPOINTS_NO_RELAUNCH=1} keeps everything in one process.
 */
final class Relaunch {

    static final String MARKER = "FACIAL_KEYPOINTS_NO_RELAUNCH";
    static final String TUNABLES = "GLIBC_TUNABLES";
    static final String HUGE_PAGES = "glibc.malloc.hugetlb=1";

    private Relaunch() {}

    static boolean wanted() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && System.getenv(TUNABLES) == null && System.getenv(MARKER) == null;
    }

    /** Runs the same command in a child JVM and returns its exit code; empty when it could not be started. */
    static Optional<Integer> run(String[] args) {
        Optional<String> java = ProcessHandle.current().info().command();
        if (java.isEmpty()) return Optional.empty();
        List<String> cmd = new ArrayList<>();
        cmd.add(java.get());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put(TUNABLES, HUGE_PAGES);
        pb.environment().put(MARKER, "1");
        try {
            Process child = pb.start();
            Thread stopChild = new Thread(child::destroy);
            Runtime.getRuntime().addShutdownHook(stopChild);
            int code = child.waitFor();
            Runtime.getRuntime().removeShutdownHook(stopChild);
            return Optional.of(code);
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
