package org.facialkeypoints.train;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.facialkeypoints.bundle.BundleFile;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.bundle.NamedTensor;
import org.facialkeypoints.bundle.TensorArchive;
import org.facialkeypoints.io.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Everything a run needs to continue after it was stopped: the model after the last finished epoch, the best model
 * so far, the optimizer's state, and the run's progress ({@code state.json}). Saved as one file,
 * {@code checkpoint.zip}, replaced atomically after every epoch, so a crash at any moment leaves the previous
 * complete checkpoint.
 */
public record TrainingCheckpoint(JsonObject state, ModelBundle last, ModelBundle best, List<NamedTensor> optimizer) {

    public static final String FILE = "checkpoint.zip";
    static final String FORMAT = "facial-keypoints-checkpoint";

    public static Path file(Path dir) { return dir.resolve(FILE); }

    public void save(Path dir) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(buffer)) {
            entry(zip, "state.json", new Gson().toJson(state).getBytes(StandardCharsets.UTF_8));
            entry(zip, "last.zip", BundleFile.toBytes(last));
            if (best != null) entry(zip, "best.zip", BundleFile.toBytes(best));
            entry(zip, "optimizer.bin", TensorArchive.write(optimizer));
        }
        byte[] bytes = buffer.toByteArray();
        AtomicFiles.write(file(dir), out -> out.write(bytes));
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    public static boolean exists(Path dir) { return Files.isRegularFile(file(dir)); }

    public static TrainingCheckpoint load(Path dir) throws IOException {
        Path f = file(dir);
        if (!Files.isRegularFile(f)) throw new IOException("No checkpoint to resume from: " + f + " does not exist");
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(f); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                if (!List.of("state.json", "last.zip", "best.zip", "optimizer.bin").contains(name) || entries.containsKey(name)) {
                    throw new IOException(f + ": unexpected or repeated entry in checkpoint");
                }
                entries.put(name, zip.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, 4L << 30)));
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(f + ": damaged checkpoint (" + e.getMessage() + ")", e);
        }
        if (!entries.containsKey("state.json") || !entries.containsKey("last.zip") || !entries.containsKey("optimizer.bin")) {
            throw new IOException(f + ": incomplete checkpoint");
        }
        JsonObject state = JsonParser.parseString(new String(entries.get("state.json"), StandardCharsets.UTF_8)).getAsJsonObject();
        if (!state.has("format") || !FORMAT.equals(state.get("format").getAsString())) throw new IOException(f + ": not a training checkpoint");
        ModelBundle last = BundleFile.read(entries.get("last.zip"), f + " (last model)");
        ModelBundle best = entries.containsKey("best.zip") ? BundleFile.read(entries.get("best.zip"), f + " (best model)") : null;
        List<NamedTensor> opt = TensorArchive.read(entries.get("optimizer.bin"), f + " (optimizer state)");
        return new TrainingCheckpoint(state, last, best, opt);
    }
}
