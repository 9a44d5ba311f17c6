package org.facialkeypoints.fiji;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs ImageJ 1 as a user has it: its own jar, the plugin jar README.md names copied into {@code plugins/} under its
 * own name, under a virtual display ({@code xvfb-run}), bounded in time. ImageJ's exit code says nothing about a
 * macro's success, so callers check the files the macro writes.
 */
final class ImageJRunner {

    final Path home;
    final Path log;

    /** README.md's plain-ImageJ install sentence; the first group is the jar it names. */
    private static final Pattern README_INSTALL =
            Pattern.compile("\\*\\*Plain ImageJ 1:\\*\\* copy\\s+`([^`]+)`\\s+into\\s+`ImageJ/plugins/`");

    ImageJRunner(Path home) throws IOException {
        this.home = home;
        this.log = home.resolve("imagej.log");
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Path jar = readmeJar();
        Files.copy(jar, plugins.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The jar README.md tells plain-ImageJ users to copy into {@code ImageJ/plugins/}, checked to be the one the
     * build made: the test installs exactly that file, under its own name, as a user following the README would.
     */
    static Path readmeJar() throws IOException {
        Matcher m = README_INSTALL.matcher(Files.readString(Path.of("README.md")));
        if (!m.find()) throw new IllegalStateException("README.md no longer says where the plain-ImageJ jar is (" + README_INSTALL + ")");
        Path jar = Path.of(m.group(1));
        if (!jar.toAbsolutePath().normalize().equals(Path.of(require("plugin.jar")).toAbsolutePath().normalize())) {
            throw new IllegalStateException("README.md names " + jar + " but the build makes " + System.getProperty("plugin.jar"));
        }
        return jar;
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
