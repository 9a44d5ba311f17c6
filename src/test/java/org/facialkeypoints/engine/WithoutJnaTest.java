package org.facialkeypoints.engine;

import org.facialkeypoints.TestData;
import org.facialkeypoints.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A host without JNA (an ImageJ2 runtime missing it once failed the first image and trained nothing, then worked):
 * a JVM whose class path leaves JNA out detects on the same photo twice with the same points and trains, every
 * time; only libtorch's switches are missing, and they say so.
 */
class WithoutJnaTest {

    @TempDir
    Path dir;

    @Test
    void detectionAndTrainingWorkTheSameOnEveryCall() throws Exception {
        String testPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String withoutJna = Arrays.stream(testPath.split(File.pathSeparator))
                .filter(e -> !e.replace('\\', '/').contains("/net/java/dev/jna/"))
                .collect(Collectors.joining(File.pathSeparator));
        assertTrue(withoutJna.length() < testPath.length(), "JNA is on the test class path to be left out");
        Path data = Files.createDirectories(dir.resolve("faces"));
        try (Stream<Path> files = Files.list(TestData.imm())) {
            String faces = "(0[1-6]-1[mf]|3[3-4]-1m)\\.(jpg|asf)";
            for (Path f : files.filter(f -> f.getFileName().toString().matches(faces)).toList()) Files.copy(f, data.resolve(f.getFileName()));
        }
        Path log = dir.resolve("child.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Dai.djl.offline=true", "-Djava.awt.headless=true", "-cp", withoutJna, Child.class.getName(),
                TestData.immSample("35-2f").toAbsolutePath().toString(), data.toString(), dir.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the child did not finish");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("switches available: false"), out);
        assertEquals(Files.readString(dir.resolve("first.csv")), Files.readString(dir.resolve("second.csv")), "the same points twice");
        assertEquals(59, Files.readAllLines(dir.resolve("first.csv")).size());
        assertTrue(Files.size(dir.resolve("model.zip")) > 1000, "training saved a model");
    }

    @Test
    void withJnaTheSwitchesAreReached() {
        DeepLearning.engine();
        assertTrue(LibtorchFlags.available());
        assertTrue(LibtorchFlags.zeroFillAllocations(true), "libc10's zero-fill flag is reached");
        assertTrue(LibtorchFlags.zeroFillAllocations(false));
    }

    /** The child JVM: detect twice, train once, each through the command line's entry point. */
    public static final class Child {
        public static void main(String[] args) {
            String image = args[0], data = args[1], out = args[2];
            System.out.println("switches available: " + LibtorchFlags.available() + " " + LibtorchFlags.missing());
            int a = Main.run(new String[] {"detect", "--model", "face", "--csv", out + "/first.csv", image}, System.out, System.err);
            int b = Main.run(new String[] {"detect", "--model", "face", "--csv", out + "/second.csv", image}, System.out, System.err);
            int c = Main.run(new String[] {"train", "--pipeline", "nose", "--arch", "reference", "--data", data, "--epochs", "1",
                "--out", out + "/model.zip"}, System.out, System.err);
            System.out.println("exit codes " + a + " " + b + " " + c);
            System.exit(a == 0 && b == 0 && c == 0 ? 0 : 1);
        }
    }
}
