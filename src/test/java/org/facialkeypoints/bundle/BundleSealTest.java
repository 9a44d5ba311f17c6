package org.facialkeypoints.bundle;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.facialkeypoints.TestModels;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole bundle is sealed and read one way; every refusal is one sentence naming the file. */
class BundleSealTest {

    private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    static byte[][] parts(byte[] bundle) throws IOException {
        byte[][] out = new byte[2][];
        try (ZipInputStream z = new ZipInputStream(new java.io.ByteArrayInputStream(bundle))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) out["model.json".equals(e.getName()) ? 0 : 1] = z.readAllBytes();
        }
        return out;
    }

    static byte[] zip(byte[] json, byte[] weights) throws IOException {
        return zip(json, "weights.safetensors", weights);
    }

    static byte[] zip(byte[] json, String weightsEntry, byte[] weights) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(buf)) {
            z.putNextEntry(new ZipEntry("model.json"));
            z.write(json);
            z.putNextEntry(new ZipEntry(weightsEntry));
            z.write(weights);
        }
        return buf.toByteArray();
    }

    /** A valid bundle with its description changed by {@code edit}, written back with or without a fresh seal. */
    static byte[] edited(Consumer<JsonObject> edit, boolean reseal) throws IOException {
        byte[][] p = parts(BundleFile.toBytes(TestModels.randomNose()));
        JsonObject m = JsonParser.parseString(new String(p[0], StandardCharsets.UTF_8)).getAsJsonObject();
        edit.accept(m);
        if (reseal) {
            m.remove("seal");
            m.addProperty("seal", "sha256:" + sha256(COMPACT.toJson(m).getBytes(StandardCharsets.UTF_8)));
        }
        return zip(PRETTY.toJson(m).getBytes(StandardCharsets.UTF_8), p[1]);
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertCleanRefusal(byte[] bundle, String... words) {
        IOException e = assertThrows(IOException.class, () -> BundleFile.read(bundle, "probe.zip"));
        String m = String.valueOf(e.getMessage());
        assertTrue(m.startsWith("probe.zip"), m);
        assertFalse(m.contains("\n") || m.contains("\r"), m);
        for (String w : words) assertTrue(m.contains(w), m);
    }

    @Test
    void renamedReorderedOrRepipelinedLandmarksAreRefused() throws IOException {
        assertCleanRefusal(edited(m -> m.getAsJsonObject("landmarks").getAsJsonArray("names").set(0, new com.google.gson.JsonPrimitive("jaw_0")), false), "seal");
        assertCleanRefusal(edited(m -> m.addProperty("pipeline", "face"), false));
        assertCleanRefusal(edited(m -> m.getAsJsonObject("input").addProperty("crop_margin", 0.5), false), "seal");
        assertCleanRefusal(edited(m -> m.getAsJsonObject("training").addProperty("epochs", 99), false), "seal");
        // The same description, only laid out differently, still loads.
        BundleFile.read(edited(m -> {}, false), "probe.zip");
    }

    /** The bundle as format 1 wrote it: no seal, the weights a tensor archive in weights.bin. */
    static byte[] formatOne(ModelBundle bundle) throws IOException {
        byte[] weights = TensorArchive.write(bundle.weights());
        byte[][] p = parts(BundleFile.toBytes(bundle));
        JsonObject m = JsonParser.parseString(new String(p[0], StandardCharsets.UTF_8)).getAsJsonObject();
        m.remove("seal");
        m.addProperty("format_version", 1);
        m.getAsJsonObject("weights").addProperty("file", "weights.bin");
        m.getAsJsonObject("weights").addProperty("sha256", sha256(weights));
        return zip(PRETTY.toJson(m).getBytes(StandardCharsets.UTF_8), "weights.bin", weights);
    }

    @Test
    void aBundleWithoutASealIsRefusedWithHowToSealIt() throws IOException {
        ModelBundle nose = TestModels.randomNose();
        byte[] legacy = formatOne(nose);
        assertCleanRefusal(legacy, "seal", "format 1");
        byte[] sealed = BundleFile.sealLegacy(legacy, "probe.zip");
        ModelBundle back = BundleFile.read(sealed, "probe.zip");
        assertEquals(1, back.config().landmarks().size());
        assertEquals(sha256(parts(legacy)[1]), sha256(parts(sealed)[1]), "the weights are kept byte for byte");
        for (int i = 0; i < nose.weights().size(); i++) {
            assertArrayEquals(nose.weights().get(i).data(), back.weights().get(i).data(), 0f);
        }
    }

    @Test
    void theShippedBundlesAreSealedAndTheirSizeFollowsFromTheSettings() throws IOException {
        for (String name : BuiltinModels.NAMES) {
            ModelBundle b = BuiltinModels.load(name);
            long described = org.facialkeypoints.model.Architectures.parameterCount(b.config());
            if (b.config().pipeline() == org.facialkeypoints.model.Pipeline.RESNET) assertTrue(described <= b.parameterCount(), name);
            else assertEquals(b.parameterCount(), described, name);
        }
    }

    @Test
    void repeatedJsonKeysAreRefused() throws IOException {
        byte[][] p = parts(BundleFile.toBytes(TestModels.randomNose()));
        String json = new String(p[0], StandardCharsets.UTF_8).replaceFirst("\\{", "{\"pipeline\": \"face\",");
        assertCleanRefusal(zip(json.getBytes(StandardCharsets.UTF_8), p[1]), "twice");
    }

    /** A stored entry's local header and data. */
    static byte[] local(String name, byte[] data) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(30 + n.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        CRC32 crc = new CRC32();
        crc.update(data);
        b.putInt(0x04034b50).putShort((short) 10).putShort((short) 0).putShort((short) 0).putInt(0)
                .putInt((int) crc.getValue()).putInt(data.length).putInt(data.length).putShort((short) n.length).putShort((short) 0).put(n).put(data);
        return b.array();
    }

    static byte[] central(String name, byte[] data, int offset) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(46 + n.length).order(ByteOrder.LITTLE_ENDIAN);
        CRC32 crc = new CRC32();
        crc.update(data);
        b.putInt(0x02014b50).putShort((short) 20).putShort((short) 10).putShort((short) 0).putShort((short) 0).putInt(0)
                .putInt((int) crc.getValue()).putInt(data.length).putInt(data.length).putShort((short) n.length)
                .putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt(offset).put(n);
        return b.array();
    }

    static byte[] end(int count, int dirSize, int dirOffset) {
        return ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN).putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                .putShort((short) count).putShort((short) count).putInt(dirSize).putInt(dirOffset).putShort((short) 0).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    @Test
    void entriesTheDirectoryDoesNotListAreRefused() throws IOException {
        byte[][] good = parts(BundleFile.toBytes(TestModels.randomNose()));
        byte[][] evil = parts(edited(m -> m.getAsJsonObject("landmarks").add("names", sealedNames("jaw_0")), true));
        // A stream reader sees the evil description and the weights, then meets the directory and stops; zip tools
        // follow the directory to the good description placed after it.
        byte[] l1 = local("model.json", evil[0]), l2 = local("weights.safetensors", good[1]);
        byte[] dir = concat(central("model.json", good[0], 0), central("weights.safetensors", good[1], l1.length));
        int dirOffset = l1.length + l2.length;
        byte[] goodLocal = local("model.json", good[0]);
        byte[] fixedDir = concat(central("model.json", good[0], dirOffset + dir.length), central("weights.safetensors", good[1], l1.length));
        byte[] hidden = concat(l1, l2, fixedDir, goodLocal, end(2, fixedDir.length, dirOffset));
        assertCleanRefusal(hidden);
        // The same entry twice in the directory.
        byte[] a = local("model.json", good[0]), b = local("model.json", good[0]), c = local("weights.safetensors", good[1]);
        byte[] dir2 = concat(central("model.json", good[0], 0), central("model.json", good[0], a.length), central("weights.safetensors", good[1], a.length + b.length));
        assertCleanRefusal(concat(a, b, c, dir2, end(3, dir2.length, a.length + b.length + c.length)));
        // A well-formed stored archive of the same entries is read.
        byte[] ok1 = local("model.json", good[0]), ok2 = local("weights.safetensors", good[1]);
        byte[] okDir = concat(central("model.json", good[0], 0), central("weights.safetensors", good[1], ok1.length));
        BundleFile.read(concat(ok1, ok2, okDir, end(2, okDir.length, ok1.length + ok2.length)), "probe.zip");
    }

    private static JsonArray sealedNames(String name) {
        JsonArray a = new JsonArray();
        a.add(name);
        return a;
    }

    @Test
    void truncatedBundlesAreOneSentenceNamingTheFile() throws IOException {
        byte[] whole = BundleFile.toBytes(TestModels.randomNose());
        for (int cut : new int[] {0, 10, 100, whole.length / 3, whole.length / 2, whole.length - 30, whole.length - 1}) {
            assertCleanRefusal(java.util.Arrays.copyOf(whole, cut));
        }
    }

    @Test
    void hugeOrNegativeSettingsAreRefusedBeforeAnythingIsBuilt() throws IOException {
        List<Consumer<JsonObject>> edits = List.of(
                m -> m.getAsJsonObject("architecture").getAsJsonObject("settings").add("hidden", sealedInts(1 << 30)),
                m -> m.getAsJsonObject("architecture").getAsJsonObject("settings").add("channels", sealedInts(12, 24, 1_000_000)),
                m -> m.getAsJsonObject("architecture").getAsJsonObject("settings").add("channels", sealedInts(12, -24, 32)),
                m -> m.getAsJsonObject("architecture").getAsJsonObject("settings").addProperty("padding", 7),
                m -> m.getAsJsonObject("architecture").getAsJsonObject("settings").addProperty("hidden", "lots"),
                m -> m.getAsJsonObject("architecture").getAsJsonObject("settings").addProperty("type", "resnet"),
                m -> {
                    m.getAsJsonObject("architecture").getAsJsonObject("settings").addProperty("type", "resnet");
                    m.getAsJsonObject("architecture").getAsJsonObject("settings").addProperty("depth", -5);
                });
        Runtime rt = Runtime.getRuntime();
        for (Consumer<JsonObject> edit : edits) {
            byte[] bundle = edited(edit, true);
            long before = rt.totalMemory() - rt.freeMemory();
            IOException e = assertThrows(IOException.class, () -> new org.facialkeypoints.detect.KeypointDetector(BundleFile.read(bundle, "probe.zip")).close());
            String m = e.getMessage();
            assertTrue(m.contains("probe.zip") && !m.contains("\n"), m);
            assertTrue(rt.totalMemory() - rt.freeMemory() - before < (256L << 20), "refused only after allocating: " + m);
        }
    }

    private static JsonArray sealedInts(int... v) {
        JsonArray a = new JsonArray();
        for (int x : v) a.add(x);
        return a;
    }

    @Test
    void finiteWeightsThatMakeTheOutputNonFiniteAreRefused() throws IOException {
        ModelBundle b = TestModels.randomNose();
        List<NamedTensor> huge = new java.util.ArrayList<>();
        for (NamedTensor t : b.weights()) {
            float[] d = new float[t.data().length];
            java.util.Arrays.fill(d, 1e30f);
            huge.add(new NamedTensor(t.name(), t.shape(), d));
        }
        ModelBundle broken = new ModelBundle(b.config(), b.training(), b.metrics(), huge);
        byte[] bytes = BundleFile.toBytes(broken);
        IOException e = assertThrows(IOException.class, () -> new org.facialkeypoints.detect.KeypointDetector(BundleFile.read(bytes, "probe.zip")).close());
        assertTrue(e.getMessage().contains("NaN or infinite"), e.getMessage());
    }
}
