package org.facialkeypoints.fiji;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs ImageJ 1 as a user has it: its own jar, the plugin jar copied into {@code plugins/}, under a virtual display
 * ({@code xvfb-run}), bounded in time. ImageJ's exit code says nothing about a macro's success, so callers check
 * the files the macro writes.
 */
final class ImageJRunner {

    final Path home;
    final Path log;

    ImageJRunner(Path home) throws IOException {
        this.home = home;
        this.log = home.resolve("imagej.log");
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Files.copy(Path.of(require("plugin.jar")), plugins.resolve("Facial_Keypoints.jar"), StandardCopyOption.REPLACE_EXISTING);
    }

    static String require(String property) {
        String v = System.getProperty(property);
        if (v == null || !Files.isRegularFile(Path.of(v))) {
            throw new IllegalStateException("system property " + property + " must name a built jar (run through mvn verify), got " + v);
        }
        return v;
    }

    /** Runs ImageJ with these arguments after the jar; returns the combined output. */
    String run(long timeoutSeconds, String... imagejArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("xvfb-run", "-a", "-s", "-screen 0 1280x900x24",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx3g", "-Dplugins.dir=" + home.toAbsolutePath(), "-jar", require("ij.jar")));
        cmd.addAll(List.of(imagejArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IllegalStateException("ImageJ did not finish within " + timeoutSeconds + " s; output:\n" + Files.readString(log));
        }
        return Files.readString(log);
    }
}
