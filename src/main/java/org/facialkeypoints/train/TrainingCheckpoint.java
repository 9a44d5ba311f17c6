package org.facialkeypoints.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import org.facialkeypoints.bundle.BundleFile;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.bundle.NamedTensor;
import org.facialkeypoints.bundle.NetworkWeights;
import org.facialkeypoints.bundle.StrictJson;
import org.facialkeypoints.bundle.TensorArchive;
import org.facialkeypoints.io.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Everything a run needs to continue after it was stopped: the model after the last finished epoch, the best model
 * so far, the optimizer's state, and the run's progress ({@code state.json}). Saved as one file,
 * {@code checkpoint.zip}, replaced atomically after every epoch, so a crash at any moment leaves the previous
 * complete checkpoint. {@link #save(TrainingRun, TrainingSession, RunProgress, double)} writes a run's and
 * {@link #restore} puts it back.
 */
public record TrainingCheckpoint(JsonObject state, ModelBundle last, ModelBundle best, List<NamedTensor> optimizer) {

    public static final String FILE = "checkpoint.zip";
    static final String FORMAT = "facial-keypoints-checkpoint";

    /** {@code state.json}, field for field; names in snake case ({@link TrainingJson#GSON}). */
    private record State(String format, int version, int epochsDone, long optimizerSteps, double bestScore,
                         double seconds, JsonObject settings, int trainFaces, int validationFaces,
                         List<TrainingJson.HistoryEntry> history) {}

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
        } catch (ZipException e) {
            throw new IOException(f + ": damaged checkpoint (" + e.getMessage() + ")", e);
        }
        if (!entries.containsKey("state.json") || !entries.containsKey("last.zip") || !entries.containsKey("optimizer.bin")) {
            throw new IOException(f + ": incomplete checkpoint");
        }
        JsonObject state;
        try {
            state = StrictJson.parseObject(new String(entries.get("state.json"), StandardCharsets.UTF_8));
        } catch (StrictJson.Invalid e) {
            throw new IOException(f + ": damaged checkpoint state (" + e.getMessage() + ")", e);
        }
        State parsed = parse(state, f);
        if (!FORMAT.equals(parsed.format())) throw new IOException(f + ": not a training checkpoint");
        ModelBundle last = BundleFile.read(entries.get("last.zip"), f + " (last model)");
        ModelBundle best = entries.containsKey("best.zip") ? BundleFile.read(entries.get("best.zip"), f + " (best model)") : null;
        List<NamedTensor> opt = TensorArchive.read(entries.get("optimizer.bin"), f + " (optimizer state)");
        return new TrainingCheckpoint(state, last, best, opt);
    }

    private static State parse(JsonObject state, Path file) throws IOException {
        State s;
        try {
            s = TrainingJson.GSON.fromJson(state, State.class);
        } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
            throw new IOException(file + ": damaged checkpoint state (" + e.getMessage() + ")", e);
        }
        if (s.settings() == null || s.history() == null) throw new IOException(file + ": incomplete checkpoint state");
        return s;
    }

    /** Saves the session's network and optimizer and the run's progress into the run's checkpoint folder. */
    static void save(TrainingRun run, TrainingSession session, RunProgress p, double seconds) throws IOException {
        AdamOptimizer adam = session.adam();
        List<TrainingJson.HistoryEntry> history = p.history.stream().map(TrainingJson.HistoryEntry::of).toList();
        State state = new State(FORMAT, 1, p.epochsDone, adam.stepCount(), p.bestScore, seconds,
                TrainingJson.settings(run.settings()), run.data().train().size(), run.data().validation().size(), history);
        Map<String, String> names = idToName(session.block());
        List<NamedTensor> opt = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : adam.means().entrySet()) opt.add(tensor("mean/", names, e));
        for (Map.Entry<String, NDArray> e : adam.variances().entrySet()) opt.add(tensor("variance/", names, e));
        ModelBundle last = new ModelBundle(run.config(), null, null, NetworkWeights.of(session.block()));
        ModelBundle best = p.bestWeights == null ? null : new ModelBundle(run.config(), null, null, p.bestWeights);
        JsonObject json = TrainingJson.GSON.toJsonTree(state).getAsJsonObject();
        new TrainingCheckpoint(json, last, best, opt).save(run.checkpointDir());
    }

    /**
     * Puts the run's checkpoint back into the session and the progress, after checking that it was made by the same
     * run: the same settings, data and model.
     */
    static void restore(TrainingRun run, TrainingSession session, RunProgress p) throws IOException {
        Path dir = run.checkpointDir();
        TrainingCheckpoint c = load(dir);
        State st = parse(c.state(), file(dir));
        TrainingSettings saved = TrainingJson.settingsFrom(st.settings());
        if (!saved.equals(run.settings())) {
            throw new IOException("The checkpoint in " + dir + " was made with other training settings (" + saved
                    + "); resume with the same settings");
        }
        if (st.trainFaces() != run.data().train().size() || st.validationFaces() != run.data().validation().size()) {
            throw new IOException("The checkpoint in " + dir + " was made on other data ("
                    + st.trainFaces() + " training faces, now " + run.data().train().size() + ")");
        }
        KeypointTrainer.checkCompatible(c.last().config(), run.config());
        Block block = session.block();
        NetworkWeights.load(block, c.last(), file(dir).toString());
        Map<String, float[]> means = new HashMap<>(), variances = new HashMap<>();
        Map<String, String> nameToId = new HashMap<>();
        idToName(block).forEach((id, name) -> nameToId.put(name, id));
        for (NamedTensor t : c.optimizer()) {
            int slash = t.name().indexOf('/');
            String id = slash < 0 ? null : nameToId.get(t.name().substring(slash + 1));
            if (id == null) throw new IOException("checkpoint optimizer state names an unknown parameter: " + t.name());
            ("mean".equals(t.name().substring(0, slash)) ? means : variances).put(id, t.data());
        }
        Map<String, NDArray> byId = new HashMap<>();
        for (Pair<String, Parameter> pr : block.getParameters()) {
            byId.put(pr.getValue().getId(), pr.getValue().getArray());
        }
        session.adam().restore(st.optimizerSteps(), means, variances, byId);
        p.epochsDone = st.epochsDone();
        p.bestScore = st.bestScore();
        p.bestWeights = c.best() == null ? null : c.best().weights();
        p.secondsBefore = st.seconds();
        p.history.addAll(TrainingJson.reports(st.history(), run.settings().epochs(), run.config().landmarks().size()));
    }

    /** One moment estimate, named by its kind and its parameter's name (ids differ from one network to the next). */
    private static NamedTensor tensor(String kind, Map<String, String> names, Map.Entry<String, NDArray> e) {
        NDArray a = e.getValue();
        return new NamedTensor(kind + names.get(e.getKey()), a.getShape().getShape(), a.toFloatArray());
    }

    private static Map<String, String> idToName(Block block) {
        Map<String, String> names = new HashMap<>();
        for (Pair<String, Parameter> pr : block.getParameters()) names.put(pr.getValue().getId(), pr.getKey());
        return names;
    }
}
