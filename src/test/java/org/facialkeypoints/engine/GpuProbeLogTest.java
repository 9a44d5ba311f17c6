package org.facialkeypoints.engine;

import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * DJL's GPU probe on a machine whose CUDA runtime finds no usable driver, as on a CPU-only machine with CUDA
 * installed: a stand-in libcudart.so answers "driver version is insufficient", and the JVM logs through SLF4J's
 * simple binding to standard error, as a host's console would show it. DJL started on its own warns; started the
 * plugin's way it does not, and still finds the CPU.
 */
class GpuProbeLogTest {

    static final String WARNING = "Failed to detect GPU count";

    @TempDir
    Path dir;

    @Test
    void theProbesWarningStaysOutOfTheConsole() throws Exception {
        assumeTrue(new ProcessBuilder("gcc", "--version").start().waitFor() == 0, "needs gcc for the stand-in libcudart.so");
        Path source = Files.writeString(dir.resolve("cudart.c"), String.join("\n",
                "int cudaGetDeviceCount(int *n) { *n = 0; return 35; }",
                "int cudaRuntimeGetVersion(int *v) { *v = 12010; return 0; }",
                "const char *cudaGetErrorString(int e) {",
                "    return \"CUDA driver version is insufficient for CUDA runtime version\";",
                "}",
                ""));
        Path library = dir.resolve("libcudart.so");
        Process cc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-o", library.toString(), source.toString()).inheritIO().start();
        assertEquals(0, cc.waitFor());
        String unquieted = child("djl");
        assertTrue(unquieted.contains(WARNING), "the stand-in should make DJL warn:\n" + unquieted);
        String quieted = child("plugin");
        assertFalse(quieted.contains(WARNING), quieted);
        assertTrue(quieted.contains("device cpu()"), quieted);
    }

    private String child(String how) throws Exception {
        String testPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = Arrays.stream(testPath.split(File.pathSeparator))
                .map(e -> e.contains("slf4j-nop") ? e.replace("slf4j-nop", "slf4j-simple") : e).toList();
        for (String e : entries) if (e.contains("slf4j-simple")) assertTrue(Files.isRegularFile(Path.of(e)), "SLF4J's simple binding: " + e);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Dai.djl.offline=true", "-cp", String.join(File.pathSeparator, entries),
                Child.class.getName(), how).redirectErrorStream(true);
        pb.environment().put("LD_LIBRARY_PATH", dir.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** Starts the engine DJL's own way ("djl") or the plugin's ("plugin") and asks for the device. */
    public static final class Child {
        public static void main(String[] args) {
            if (args[0].equals("djl")) {
                System.out.println("gpus " + Engine.getEngine("PyTorch").getGpuCount());
            } else {
                System.out.println("device " + DeepLearning.device("auto"));
            }
        }
    }
}
