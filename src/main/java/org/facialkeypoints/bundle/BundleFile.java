package org.facialkeypoints.bundle;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.facialkeypoints.io.AtomicFiles;
import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.model.Architectures;
import org.facialkeypoints.model.HeatmapSpec;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.Pipeline;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The model bundle file: a zip with exactly two entries, {@code model.json} (the description) and
 * {@code weights.safetensors} (the weights in the {@link SafeTensors} layout, so that other tools open them; bundles
 * before format 3 hold {@code weights.bin}, a {@link TensorArchive}, and still load). Reading never extracts
 * anything to disk, caps every entry's expanded size, refuses unknown or repeated entries, and checks the weights
 * against the SHA-256 the description records, so a truncated, tampered or mismatched bundle is refused with a message that names the file.
 */
public final class BundleFile {

    public static final String FORMAT = "facial-keypoints-model";
    /**
     * Format 3 stores the weights as safetensors; format 2 sealed the whole description (see {@link #seal}) and
     * stored a {@link TensorArchive}; format 1 sealed only the weights.
     */
    public static final int FORMAT_VERSION = 3;
    /** The last format whose weights are a {@link TensorArchive} in {@link #LEGACY_WEIGHTS}. */
    static final int TENSOR_ARCHIVE_VERSION = 2;
    static final String MANIFEST = "model.json";
    static final String WEIGHTS = "weights.safetensors";
    static final String LEGACY_WEIGHTS = "weights.bin";
    static final long MAX_MANIFEST_BYTES = 1 << 20;
    static final long MAX_WEIGHTS_BYTES = 512L << 20;
    static final long MAX_FILE_BYTES = MAX_WEIGHTS_BYTES + MAX_MANIFEST_BYTES + (1 << 20);
    private static final Map<String, Long> ENTRY_CAPS = Map.of(MANIFEST, MAX_MANIFEST_BYTES, WEIGHTS, MAX_WEIGHTS_BYTES,
            LEGACY_WEIGHTS, MAX_WEIGHTS_BYTES);

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private BundleFile() {}

    public static void write(ModelBundle bundle, Path file) throws IOException {
        write(bundle, file, false);
    }

    /** Writes the bundle; {@code halfPrecision} stores the weights as float16, half the size. */
    public static void write(ModelBundle bundle, Path file, boolean halfPrecision) throws IOException {
        byte[] bytes = toBytes(bundle, halfPrecision);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** The bundle file's bytes. */
    public static byte[] toBytes(ModelBundle bundle) {
        return toBytes(bundle, false);
    }

    public static byte[] toBytes(ModelBundle bundle, boolean halfPrecision) {
        SafeTensors.DType storage = halfPrecision ? SafeTensors.DType.F16 : SafeTensors.DType.F32;
        byte[] weights = SafeTensors.write(bundle.weights(), storage);
        JsonObject manifest = manifest(bundle, sha256(weights));
        manifest.getAsJsonObject("weights").addProperty("storage", halfPrecision ? "float16" : "float32");
        manifest.addProperty("seal", seal(manifest));
        return zip(GSON.toJson(manifest).getBytes(StandardCharsets.UTF_8), WEIGHTS, weights);
    }

    private static byte[] zip(byte[] json, String weightsEntry, byte[] weights) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(weights.length + json.length + 1024);
        try (ZipOutputStream zip = new ZipOutputStream(buffer)) {
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(json);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(weightsEntry));
            zip.write(weights);
            zip.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return buffer.toByteArray();
    }

    public static ModelBundle read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("Model file not found: " + file);
        if (Files.size(file) > MAX_FILE_BYTES) throw new IOException(file + ": too large for a model bundle");
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads a bundle from a stream; {@code source} names it in every error. Every failure, whatever its cause, is
     * an IOException whose message is one line that starts with {@code source}.
     */
    public static ModelBundle read(InputStream stream, String source) throws IOException {
        try {
            return readChecked(stream, source);
        } catch (IOException e) {
            String m = oneLine(e.getMessage());
            if (m.startsWith(source)) throw e.getMessage().equals(m) ? e : new IOException(m, e);
            throw new IOException(source + ": cannot be read (" + m + ")", e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new IOException(source + ": not a valid model bundle (" + oneLine(String.valueOf(e.getMessage())) + ")", e);
        } catch (OutOfMemoryError e) {
            throw new IOException(source + ": not enough memory to read this model bundle", e);
        }
    }

    private static ModelBundle readChecked(InputStream stream, String source) throws IOException {
        byte[] zip = readCapped(stream, MAX_FILE_BYTES, source, "the file");
        Map<String, byte[]> entries = entries(zip, source);
        if (entries.containsKey(WEIGHTS) && entries.containsKey(LEGACY_WEIGHTS)) {
            throw new IOException(source + ": holds two sets of weights, " + WEIGHTS + " and " + LEGACY_WEIGHTS);
        }
        String weightsEntry = entries.containsKey(LEGACY_WEIGHTS) ? LEGACY_WEIGHTS : WEIGHTS;
        byte[] json = entries.get(MANIFEST), weights = entries.get(weightsEntry);
        if (json == null && weights == null) throw new IOException(source + ": not a model bundle (no " + MANIFEST + " inside; is it a zip made by this program?)");
        if (json == null) throw new IOException(source + ": the model description " + MANIFEST + " is missing");
        if (weights == null) throw new IOException(source + ": the weights " + WEIGHTS + " are missing");
        JsonObject manifest;
        try {
            manifest = StrictJson.parseObject(new String(json, StandardCharsets.UTF_8));
        } catch (StrictJson.Invalid ex) {
            throw new IOException(source + ": " + MANIFEST + " is not valid JSON (" + ex.getMessage() + ")");
        }
        try {
            return fromManifest(manifest, weightsEntry, weights, source);
        } catch (RuntimeException ex) {
            throw new IOException(source + ": invalid model description (" + oneLine(String.valueOf(ex.getMessage())) + ")", ex);
        }
    }

    static String oneLine(String m) {
        if (m == null) return "no details";
        String t = m.replaceAll("[\\r\\n\\t]+", " ").replaceAll("[^\\x20-\\x7e\\u00a0-\\uffff]", "?").trim();
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }

    private static byte[] readCapped(InputStream in, long cap, String source, String entry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > cap) throw new IOException(source + ": " + entry + " is larger than " + cap + " bytes; refusing it");
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * The seal of a description: the SHA-256 of its compact JSON text without the {@code seal} field, written the
     * one way this program writes JSON. The description records the weights' SHA-256, so the seal covers every
     * byte that decides what the model does and what its points are called.
     */
    static String seal(JsonObject manifest) {
        JsonObject copy = manifest.deepCopy();
        copy.remove("seal");
        return "sha256:" + sha256(CANONICAL.toJson(copy).getBytes(StandardCharsets.UTF_8));
    }

    private static final Gson CANONICAL = new GsonBuilder().disableHtmlEscaping().create();

    /**
     * Seals a bundle written before bundles were sealed (format 1), after checking its weights against their
     * checksum and reading it as a whole; the weights' bytes are kept, the description gains its seal and format 2.
     * Returns the sealed bundle's bytes.
     */
    public static byte[] sealLegacy(byte[] bundle, String source) throws IOException {
        Map<String, byte[]> entries = entries(bundle, source);
        if (!entries.containsKey(MANIFEST) || !entries.containsKey(LEGACY_WEIGHTS)) {
            throw new IOException(source + ": not a model bundle of format 1");
        }
        JsonObject m;
        try {
            m = StrictJson.parseObject(new String(entries.get(MANIFEST), StandardCharsets.UTF_8));
        } catch (StrictJson.Invalid ex) {
            throw new IOException(source + ": " + MANIFEST + " is not valid JSON (" + ex.getMessage() + ")");
        }
        // The weights' bytes stay as they are, so the sealed bundle is of the last format that stores them so.
        m.addProperty("format_version", TENSOR_ARCHIVE_VERSION);
        m.remove("seal");
        m.addProperty("seal", seal(m));
        byte[] json = GSON.toJson(m).getBytes(StandardCharsets.UTF_8);
        byte[] sealed = zip(json, LEGACY_WEIGHTS, entries.get(LEGACY_WEIGHTS));
        read(sealed, source);
        return sealed;
    }

    static JsonObject manifest(ModelBundle b, String weightsSha) {
        ModelConfig c = b.config();
        JsonObject m = new JsonObject();
        m.addProperty("format", FORMAT);
        m.addProperty("format_version", FORMAT_VERSION);
        m.addProperty("created_by", "Facial Keypoints for Fiji " + Version.text());
        if (!b.description().isEmpty()) m.addProperty("description", b.description());
        m.addProperty("pipeline", c.pipeline().id());
        JsonObject arch = new JsonObject();
        arch.addProperty("name", c.architecture());
        arch.add("settings", c.settings());
        m.add("architecture", arch);
        JsonObject input = new JsonObject();
        input.addProperty("width", c.inputWidth());
        input.addProperty("height", c.inputHeight());
        input.addProperty("channels", 1);
        input.addProperty("crop", c.pipeline().cropsFaces() ? "face_box" : "whole_image");
        // The kind of box the crop was trained around; a face detector's box is mapped to it before cropping.
        if (c.pipeline().cropsFaces()) input.addProperty("box", "points_extent");
        input.addProperty("crop_margin", c.cropMargin());
        m.add("input", input);
        JsonObject norm = new JsonObject();
        norm.addProperty("scale", ModelConfig.PIXEL_SCALE);
        norm.addProperty("offset", ModelConfig.PIXEL_OFFSET);
        norm.addProperty("gray", "BT.601 luma for RGB; 16/32-bit by display range");
        m.add("normalization", norm);
        JsonObject output = new JsonObject();
        if (c.heatmap() != null) {
            output.addProperty("kind", "heatmaps");
            output.addProperty("width", c.heatmap().width());
            output.addProperty("height", c.heatmap().height());
            output.addProperty("sigma", c.heatmap().sigma());
        } else {
            output.addProperty("kind", "coordinates");
        }
        m.add("output", output);
        JsonObject lm = new JsonObject();
        lm.addProperty("id", c.landmarks().id());
        JsonArray names = new JsonArray();
        c.landmarks().names().forEach(names::add);
        lm.add("names", names);
        lm.add("flip", ModelConfig.intArray(c.landmarks().flipPermutation()));
        m.add("landmarks", lm);
        m.add("training", b.training());
        m.add("metrics", b.metrics());
        JsonObject w = new JsonObject();
        w.addProperty("file", WEIGHTS);
        w.addProperty("sha256", weightsSha);
        w.addProperty("tensors", b.weights().size());
        w.addProperty("values", b.parameterCount());
        m.add("weights", w);
        return m;
    }

    private static Map<String, byte[]> entries(byte[] zip, String source) throws IOException {
        try {
            return StrictZip.read(zip, ENTRY_CAPS);
        } catch (StrictZip.Invalid e) {
            throw new IOException(source + ": not a valid model bundle (" + e.getMessage() + ")");
        }
    }

    static ModelBundle fromManifest(JsonObject m, String weightsEntry, byte[] weights, String source)
            throws IOException {
        String format = string(m, "format");
        if (!FORMAT.equals(format)) throw new IOException(source + ": not a model bundle of this program (format '" + format + "')");
        int version = integer(m, "format_version");
        if (version > FORMAT_VERSION) {
            throw new IOException(source + ": made by a newer version of Facial Keypoints (bundle format " + version
                    + "; this version reads up to " + FORMAT_VERSION + "). Update the plugin to use it.");
        }
        if (version < 1) throw new IOException(source + ": invalid bundle format version " + version);
        JsonObject w = object(m, "weights");
        String expected = string(w, "sha256");
        if (!expected.equalsIgnoreCase(sha256(weights))) {
            throw new IOException(source + ": the weights do not match their recorded checksum; the file is damaged or was altered");
        }
        if (version < 2) {
            throw new IOException(source + ": made before model descriptions were sealed (bundle format 1), so a change to its"
                    + " points or pipeline could not be noticed; if you trust where it came from, seal it once with"
                    + " java -jar facial-keypoints.jar seal " + source);
        }
        if (!m.has("seal") || !seal(m).equals(string(m, "seal"))) {
            throw new IOException(source + ": the model description does not match its seal; the file is damaged or was altered");
        }
        String expectedEntry = version > TENSOR_ARCHIVE_VERSION ? WEIGHTS : LEGACY_WEIGHTS;
        if (!weightsEntry.equals(expectedEntry) || !weightsEntry.equals(string(w, "file"))) {
            throw new IOException(source + ": holds its weights in " + weightsEntry + ", but its description (format "
                    + version + ") names " + string(w, "file") + " and the format keeps them in " + expectedEntry);
        }
        Pipeline pipeline = Pipeline.fromId(string(m, "pipeline"));
        JsonObject arch = object(m, "architecture");
        JsonObject input = object(m, "input");
        JsonObject norm = object(m, "normalization");
        if (Math.abs(number(norm, "scale") - ModelConfig.PIXEL_SCALE) > 1e-9 || Math.abs(number(norm, "offset") - ModelConfig.PIXEL_OFFSET) > 1e-9) {
            throw new IOException(source + ": uses a pixel normalization this version does not support");
        }
        if (integer(input, "channels") != 1) throw new IOException(source + ": only single-channel (gray) models are supported");
        JsonObject output = object(m, "output");
        String kind = string(output, "kind");
        HeatmapSpec heatmap = null;
        if ("heatmaps".equals(kind)) heatmap = new HeatmapSpec(integer(output, "width"), integer(output, "height"), number(output, "sigma"));
        else if (!"coordinates".equals(kind)) throw new IOException(source + ": unknown output kind '" + kind + "'");
        JsonObject lm = object(m, "landmarks");
        List<String> names = new ArrayList<>();
        JsonArray nameJson = array(lm, "names");
        if (nameJson.size() > 10_000) throw new IOException(source + ": " + nameJson.size() + " landmark names, more than 10000");
        for (JsonElement e : nameJson) {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) throw new IllegalArgumentException("landmark names must be text");
            names.add(e.getAsString());
        }
        JsonArray flipJson = array(lm, "flip");
        if (flipJson.size() != names.size()) throw new IllegalArgumentException("the flip list has " + flipJson.size() + " entries for " + names.size() + " points");
        int[] flip = new int[flipJson.size()];
        for (int i = 0; i < flip.length; i++) {
            JsonObject one = new JsonObject();
            one.add("flip", flipJson.get(i));
            flip[i] = integer(one, "flip");
        }
        // Bundles written before the subnasale had its own name store it as nose_tip (IMM) or nose_base (iBUG).
        LandmarkSet set = new LandmarkSet(string(lm, "id"), LandmarkSets.currentNames(string(lm, "id"), names), flip);
        ModelConfig config = new ModelConfig(pipeline, string(arch, "name"), object(arch, "settings"),
                integer(input, "width"), integer(input, "height"), number(input, "crop_margin"), heatmap, set);
        // The network's size follows from the settings alone: check it before anything is built or allocated.
        long described = Architectures.parameterCount(config);
        String weightsSource = source + " (" + weightsEntry + ")";
        List<NamedTensor> tensors = weightsEntry.equals(WEIGHTS) ? SafeTensors.read(weights, weightsSource)
                : TensorArchive.read(weights, weightsSource);
        long held = 0;
        for (NamedTensor t : tensors) held += t.size();
        if (described > held) {
            throw new IOException(source + ": the settings describe a network of " + described + " values but the weights hold only " + held);
        }
        JsonObject training = m.has("training") && m.get("training").isJsonObject() ? m.getAsJsonObject("training") : new JsonObject();
        JsonObject metrics = m.has("metrics") && m.get("metrics").isJsonObject() ? m.getAsJsonObject("metrics") : new JsonObject();
        String description = m.has("description") ? string(m, "description") : "";
        if (description.length() > 4000) throw new IOException(source + ": the description has " + description.length() + " characters, more than 4000");
        return new ModelBundle(config, training, metrics, tensors, description);
    }

    private static JsonElement field(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) throw new IllegalArgumentException("missing field '" + key + "'");
        return e;
    }

    private static JsonObject object(JsonObject o, String key) {
        JsonElement e = field(o, key);
        if (!e.isJsonObject()) throw new IllegalArgumentException("field '" + key + "' must be an object");
        return e.getAsJsonObject();
    }

    private static JsonArray array(JsonObject o, String key) {
        JsonElement e = field(o, key);
        if (!e.isJsonArray()) throw new IllegalArgumentException("field '" + key + "' must be a list");
        return e.getAsJsonArray();
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = field(o, key);
        if (!e.isJsonPrimitive()) throw new IllegalArgumentException("field '" + key + "' must be text");
        return e.getAsString();
    }

    private static double number(JsonObject o, String key) {
        JsonElement e = field(o, key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) throw new IllegalArgumentException("field '" + key + "' must be a number");
        double v = e.getAsDouble();
        if (!Double.isFinite(v)) throw new IllegalArgumentException("field '" + key + "' is not finite");
        return v;
    }

    private static int integer(JsonObject o, String key) {
        double v = number(o, key);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) throw new IllegalArgumentException("field '" + key + "' must be an integer");
        return (int) v;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sanitize(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }

    /** Reads a bundle held in memory. */
    public static ModelBundle read(byte[] bytes, String source) throws IOException {
        return read(new ByteArrayInputStream(bytes), source);
    }
}
