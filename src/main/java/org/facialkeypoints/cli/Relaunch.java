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
 * {@code FACIAL_KEYPOINTS_NO_RELAUNCH=1} keeps everything in one process. The child ends within a fraction of a
 * second when its parent is gone, even when the parent was killed with SIGKILL and could not stop it
 * ({@link #endWithParent}); a SIGTERM or Ctrl-C to the parent stops the child through the parent's shutdown hook.
 */
final class Relaunch {

    static final String MARKER = "FACIAL_KEYPOINTS_NO_RELAUNCH";
    static final String TUNABLES = "GLIBC_TUNABLES";
    static final String HUGE_PAGES = "glibc.malloc.hugetlb=1";
    /** The launching process's id, given to the child so that it can end when its parent is gone. */
    static final String PARENT = "FACIAL_KEYPOINTS_PARENT_PID";

    private Relaunch() {}

    /**
     * In a re-launched child: ends this process (exit code 143, as for SIGTERM, with shutdown hooks run) as soon as
     * the process that launched it is gone, so that {@code kill -9} of the command the user started also stops
     * the work. Without the variable (no relaunch) it does nothing.
     */
    static void endWithParent() {
        String id = System.getenv(PARENT);
        if (id == null) return;
        long pid;
        try {
            pid = Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            return;
        }
        java.util.Optional<ProcessHandle> parent = ProcessHandle.of(pid);
        if (parent.isEmpty() || ProcessHandle.current().parent().map(p -> p.pid() != pid).orElse(true)) {
            // The parent has gone already (or this process was adopted by another): nothing to work for.
            System.exit(143);
        }
        Thread watch = new Thread(() -> {
            while (parent.get().isAlive() && ProcessHandle.current().parent().map(p -> p.pid() == pid).orElse(false)) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("stopped: the process that started this command has ended");
            System.exit(143);
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

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
        pb.environment().put(PARENT, Long.toString(ProcessHandle.current().pid()));
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
