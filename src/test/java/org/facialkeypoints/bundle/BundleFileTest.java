package org.facialkeypoints.bundle;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import org.facialkeypoints.detect.KeypointDetector;
import org.facialkeypoints.engine.DeepLearning;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.model.Architectures;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.Networks;
import org.facialkeypoints.model.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BundleFileTest {

    @TempDir
    Path dir;

    static ModelBundle randomNose() { return org.facialkeypoints.TestModels.randomNose(); }

    static float[] randomInput(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = r.nextFloat() - 0.5f;
        return x;
    }

    @Test
    void saveAndLoadGiveIdenticalOutputs() throws IOException {
        ModelBundle b = randomNose();
        Path f = dir.resolve("nose.zip");
        BundleFile.write(b, f);
        ModelBundle back = BundleFile.read(f);
        assertEquals(b.config().settings(), back.config().settings());
        assertTrue(back.config().landmarks().sameAs(b.config().landmarks()));
        float[] x = randomInput(4 * 80 * 60, 1);
        try (KeypointDetector d1 = new KeypointDetector(b); KeypointDetector d2 = new KeypointDetector(back)) {
            assertArrayEquals(d1.forward(x, 4), d2.forward(x, 4), 0f);
        }
        assertEquals(List.of(), dirtyFiles());
    }

    @Test
    void shippedBundlesStoringTheOldNoseNamesLoadWithTodaysLandmarkSets() throws IOException {
        // The shipped files are as trained: their model.json still says nose_tip (IMM 52) and nose_base (iBUG 33).
        assertTrue(manifestText("nose").contains("\"nose_tip\""));
        assertTrue(manifestText("unet68").contains("\"nose_base\""));
        assertTrue(BuiltinModels.load("nose").config().landmarks().sameAs(LandmarkSets.IMM_NOSE));
        for (String name : List.of("face", "resnet", "unet")) {
            assertTrue(BuiltinModels.load(name).config().landmarks().sameAs(LandmarkSets.IMM_58), name);
        }
        for (String name : List.of("resnet68", "unet68")) {
            assertTrue(BuiltinModels.load(name).config().landmarks().sameAs(LandmarkSets.IBUG_68), name);
        }
        // Written again, a bundle carries today's name.
        ModelBundle nose = BuiltinModels.load("nose");
        Path f = dir.resolve("nose-again.zip");
        BundleFile.write(nose, f);
        String json = BundleFile.manifest(BundleFile.read(f), "x").toString();
        assertTrue(json.contains("\"subnasale\"") && !json.contains("nose_tip"), json);
    }

    @Test
    void theShippedFormat2BundlesWrittenAgainKeepEveryBitInSafetensors() throws IOException {
        // nose stores float32, resnet68 float16: each written again in its own precision.
        for (String name : List.of("nose", "resnet68")) {
            ModelBundle old = BuiltinModels.load(name);
            Path f = dir.resolve(name + ".zip");
            BundleFile.write(old, f, name.equals("resnet68"));
            try (var z = new java.util.zip.ZipFile(f.toFile())) {
                assertTrue(z.getEntry("weights.safetensors") != null && z.getEntry("weights.bin") == null, name);
            }
            ModelBundle back = BundleFile.read(f);
            assertEquals(old.weights().size(), back.weights().size(), name);
            for (int k = 0; k < old.weights().size(); k++) {
                NamedTensor a = old.weights().get(k), b = back.weights().get(k);
                assertEquals(a.name(), b.name());
                assertArrayEquals(a.shape(), b.shape());
                for (int i = 0; i < a.data().length; i++) {
                    assertEquals(Float.floatToRawIntBits(a.data()[i]), Float.floatToRawIntBits(b.data()[i]), a.name());
                }
            }
        }
    }

    @Test
    void weightsStoredInAnotherOrderLoadByName() throws IOException {
        ModelBundle b = randomNose();
        // Python's writer sorts the tensors by dtype and name; here they are in reverse order of the network's.
        List<NamedTensor> reversed = new ArrayList<>(b.weights());
        Collections.reverse(reversed);
        ModelBundle other = new ModelBundle(b.config(), b.training(), b.metrics(), reversed);
        ModelBundle back = BundleFile.read(BundleFile.toBytes(other), "reversed.zip");
        assertEquals(reversed.get(0).name(), back.weights().get(0).name());
        float[] x = randomInput(2 * 80 * 60, 3);
        try (KeypointDetector d1 = new KeypointDetector(b); KeypointDetector d2 = new KeypointDetector(back)) {
            assertArrayEquals(d1.forward(x, 2), d2.forward(x, 2), 0f);
        }
    }

    @Test
    void safetensorsUnderTheOldEntryNameAreRefused() throws IOException {
        Path f = dir.resolve("nose.zip");
        BundleFile.write(randomNose(), f);
        Path renamed = dir.resolve("renamed.zip");
        zip(renamed, "model.json", entry(f, "model.json"), "weights.bin", entry(f, "weights.safetensors"));
        IOException e = assertThrows(IOException.class, () -> BundleFile.read(renamed));
        assertTrue(e.getMessage().startsWith(renamed.toString()) && e.getMessage().contains("weights.bin"),
                e.getMessage());
    }

    private static String manifestText(String builtin) throws IOException {
        try (var in = BuiltinModels.class.getResourceAsStream(BuiltinModels.resource(builtin));
             var zip = new java.util.zip.ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (BundleFile.MANIFEST.equals(e.getName())) return new String(zip.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        throw new IOException("no manifest in " + builtin);
    }

    private List<Path> dirtyFiles() throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }

    @Test
    void aTamperedBundleIsRefused() throws IOException {
        Path f = dir.resolve("nose.zip");
        BundleFile.write(randomNose(), f);
        // Rewrite the weights with one changed byte but keep the description (and its checksum).
        byte[] json = entry(f, "model.json");
        byte[] weights = entry(f, "weights.safetensors");
        weights[weights.length - 1] ^= 0x10;
        Path t = dir.resolve("tampered.zip");
        zip(t, "model.json", json, "weights.safetensors", weights);
        IOException e = assertThrows(IOException.class, () -> BundleFile.read(t));
        assertTrue(e.getMessage().contains("tampered.zip") && e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void weightsForAnotherPointCountAreRefused() throws IOException {
        // A 58-point description with the weights of a 68-point net.
        ModelConfig cfg68 = Architectures.preset(Pipeline.FACE, "compact", LandmarkSets.IBUG_68);
        ModelConfig cfg58 = cfg68.withLandmarks(LandmarkSets.IMM_58);
        ModelBundle wrong;
        try (NDManager m = DeepLearning.engine().newBaseManager()) {
            wrong = new ModelBundle(cfg58, null, null, NetworkWeights.of(Networks.create(cfg68, m)));
        }
        Path f = dir.resolve("mismatch.zip");
        BundleFile.write(wrong, f);
        ModelBundle read = BundleFile.read(f);
        IOException e = assertThrows(IOException.class, () -> new KeypointDetector(read).close());
        assertTrue(e.getMessage().contains("68 points") && e.getMessage().contains("58"), e.getMessage());
    }

    @Test
    void aNewerFormatVersionIsRefusedWithAClearMessage() throws IOException {
        Path f = dir.resolve("nose.zip");
        BundleFile.write(randomNose(), f);
        String json = new String(entry(f, "model.json"), StandardCharsets.UTF_8).replace("\"format_version\": 3", "\"format_version\": 7");
        Path n = dir.resolve("newer.zip");
        zip(n, "model.json", json.getBytes(StandardCharsets.UTF_8), "weights.safetensors", entry(f, "weights.safetensors"));
        IOException e = assertThrows(IOException.class, () -> BundleFile.read(n));
        assertTrue(e.getMessage().contains("newer version") && e.getMessage().contains("newer.zip"), e.getMessage());
    }

    @Test
    void foreignAndDamagedFilesAreRefused() throws IOException {
        Path notZip = dir.resolve("notes.zip");
        Files.writeString(notZip, "hello");
        assertThrows(IOException.class, () -> BundleFile.read(notZip));
        Path extra = dir.resolve("extra.zip");
        zip(extra, "model.json", "{}".getBytes(), "../evil.sh", "echo".getBytes());
        IOException e = assertThrows(IOException.class, () -> BundleFile.read(extra));
        assertTrue(e.getMessage().contains("unexpected entry"), e.getMessage());
        Path empty = dir.resolve("empty.zip");
        zip(empty);
        assertThrows(IOException.class, () -> BundleFile.read(empty));
        assertThrows(IOException.class, () -> BundleFile.read(dir.resolve("missing.zip")));
    }

    @Test
    void writingOverAnExistingBundleReplacesItWhole() throws IOException {
        Path f = dir.resolve("nose.zip");
        BundleFile.write(randomNose(), f);
        ModelBundle second = randomNose();
        BundleFile.write(second, f);
        assertArrayEquals(second.weights().get(0).data(), BundleFile.read(f).weights().get(0).data(), 0f);
        assertEquals(List.of(), dirtyFiles());
    }

    static byte[] entry(Path zip, String name) throws IOException {
        try (var z = new java.util.zip.ZipFile(zip.toFile())) {
            return z.getInputStream(z.getEntry(name)).readAllBytes();
        }
    }

    static void zip(Path target, Object... nameAndBytes) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(buf)) {
            for (int i = 0; i < nameAndBytes.length; i += 2) {
                z.putNextEntry(new ZipEntry((String) nameAndBytes[i]));
                z.write((byte[]) nameAndBytes[i + 1]);
                z.closeEntry();
            }
        }
        Files.write(target, buf.toByteArray());
    }
}
