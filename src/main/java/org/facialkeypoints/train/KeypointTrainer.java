package org.facialkeypoints.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.facialkeypoints.augment.AugmentationSettings;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.bundle.NamedTensor;
import org.facialkeypoints.bundle.Version;
import org.facialkeypoints.engine.DeepLearning;
import org.facialkeypoints.engine.LibtorchFlags;
import org.facialkeypoints.eval.ErrorSummary;
import org.facialkeypoints.eval.FaceError;
import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.Networks;
import org.facialkeypoints.model.OutputCodec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a keypoint model: Adam on the configured loss, batches prepared ahead on a background thread, validation
 * after every epoch in the original images' pixels, the best epoch kept, and a checkpoint after every epoch when
 * asked. A run that diverges or runs out of memory stops with a sentence saying what to change, keeping the last
 * good model.
 */
public final class KeypointTrainer {

    /** Training stops when the loss passes this (or is not a number): the run has diverged. */
    static final double DIVERGED_LOSS = 1e6;

    private final ExamplePreparation.ImageSource images;
    private final int dataThreads;

    public KeypointTrainer() { this(ExamplePreparation.FILES, Math.max(1, Runtime.getRuntime().availableProcessors() / 2)); }

    public KeypointTrainer(ExamplePreparation.ImageSource images, int dataThreads) {
        this.images = images;
        this.dataThreads = Math.max(1, dataThreads);
    }

    public TrainingResult train(TrainingRun run, TrainingListener listener) throws IOException {
        ModelConfig cfg = run.config();
        TrainingSettings s = run.settings();
        if (run.data().train().size() == 0) throw new IOException("No training faces: " + run.data().train().description());
        if (!run.data().train().landmarks().sameAs(cfg.landmarks())) {
            throw new IOException("The data's points (" + run.data().train().landmarks() + ") are not the model's (" + cfg.landmarks() + ")");
        }
        if (run.startFrom() != null) checkCompatible(run.startFrom().config(), cfg);
        Losses.check(s.loss(), cfg.pipeline().heatmaps());
        Engine engine = DeepLearning.engine();
        DeepLearning.inferenceThread();
        OutputCodec codec = OutputCodec.of(cfg);
        double margin = s.augmentation().isNone() ? 0 : ExamplePreparation.AUGMENTATION_MARGIN;
        List<TrainingExample> train = ExamplePreparation.prepare(run.data().train().samples(), cfg, margin, images, 2);
        List<TrainingExample> val = ExamplePreparation.prepare(run.data().validation().samples(), cfg, 0, images, 2);
        int w = cfg.inputWidth(), h = cfg.inputHeight();
        BatchAssembler assembler = new BatchAssembler(train, s.augmentation(), codec, cfg.landmarks(), s.batchSize(), s.seed(), w, h);
        BatchAssembler valAssembler = val.isEmpty() ? null
                : new BatchAssembler(val, AugmentationSettings.NONE, codec, cfg.landmarks(), Math.max(s.batchSize(), 16), 0, w, h);
        Device device = DeepLearning.device(run.device());
        engine.setRandomSeed((int) s.seed());
        boolean plain = Device.Type.CPU.equals(device.getDeviceType()) && Networks.needsPlainConvolutionsToTrain(cfg);
        if (plain && !LibtorchFlags.plainConvolutions(true)) {
            throw new IOException(cfg.architecture() + " cannot be trained on the CPU with this libtorch: its oneDNN convolutions crash in the"
                    + " backward pass and they could not be switched off here" + (LibtorchFlags.available() ? "" : " (" + LibtorchFlags.missing() + ")")
                    + "; use resnet18 or resnet34, or a GPU");
        }
        boolean zeroFill = Networks.hasUnalignedChannels(cfg) && LibtorchFlags.zeroFillAllocations(true);
        try {
            return train(run, listener, engine, codec, train, val, assembler, valAssembler, device);
        } catch (EngineException | OutOfMemoryError e) {
            if (!isOutOfMemory(e)) throw e;
            throw new IOException(outOfMemory(s.batchSize(), false), e);
        } finally {
            if (zeroFill) LibtorchFlags.zeroFillAllocations(false);
            if (plain) LibtorchFlags.plainConvolutions(false);
        }
    }

    private TrainingResult train(TrainingRun run, TrainingListener listener, Engine engine, OutputCodec codec,
                                 List<TrainingExample> train, List<TrainingExample> val, BatchAssembler assembler,
                                 BatchAssembler valAssembler, Device device) throws IOException {
        ModelConfig cfg = run.config();
        TrainingSettings s = run.settings();

        try (Model model = Model.newInstance("keypoints", device, engine.getEngineName())) {
            Block block = org.facialkeypoints.model.Architectures.build(cfg);
            model.setBlock(block);
            AdamOptimizer adam = new AdamOptimizer((float) s.weightDecay());
            XavierInitializer init = "he".equals(s.initialization())
                    ? new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2)
                    : new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1);
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(adam).optDevices(new Device[] {device}).optInitializer(init, Parameter.Type.WEIGHT);
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(Networks.inputShape(cfg, s.batchSize()));
                Progress p = new Progress();
                if (run.startFrom() != null) Networks.loadWeights(block, run.startFrom().weights(), "the model to start from");
                if (run.resume()) restore(run, block, adam, p);
                long totalSteps = (long) s.epochs() * assembler.batchesPerEpoch();
                TrainingStep stepper = new TrainingStep(trainer, adam, cfg, codec, s.loss());
                listener.onStart(s.epochs(), assembler.batchesPerEpoch(), train.size(), val.size(), device.toString());
                long start = System.nanoTime();
                int firstEpoch = p.epochsDone;
                String stop = "completed";
                try (BatchPrefetcher prefetch = new BatchPrefetcher(assembler, dataThreads, 3)) {
                    epochs:
                    for (int epoch = p.epochsDone; epoch < s.epochs(); epoch++) {
                        double lossSum = 0;
                        int seen = 0, batchNo = 0;
                        double lr = s.learningRate();
                        for (HostBatch hb : prefetch.epoch(epoch)) {
                            lr = s.learningRate() * s.schedule().factor(adam.stepCount(), totalSteps);
                            double loss = stepper.run(hb, lr);
                            if (!Double.isFinite(loss) || loss > DIVERGED_LOSS) {
                                stop = "Training diverged in epoch " + (epoch + 1) + " (the loss became " + loss + "); try a lower learning "
                                        + "rate than " + s.learningRate() + (p.bestWeights != null ? ". The model from the last good epoch was kept."
                                        : ". No epoch finished before that, so no model was written.");
                                break epochs;
                            }
                            lossSum += loss * hb.size();
                            seen += hb.size();
                            listener.onBatch(epoch + 1, ++batchNo, assembler.batchesPerEpoch(), loss);
                            if (listener.cancelRequested()) {
                                stop = "cancelled";
                                break;
                            }
                        }
                        if ("cancelled".equals(stop) && !p.history.isEmpty()) break;
                        Validation v = valAssembler == null ? null : validate(trainer, valAssembler, codec, cfg, val, s.loss());
                        double trainLoss = seen == 0 ? Double.NaN : lossSum / seen;
                        double score = v != null ? v.summary.mseNorm() : trainLoss;
                        boolean best = p.bestWeights == null || score < p.bestScore;
                        double elapsed = (System.nanoTime() - start) / 1e9;
                        int doneThisRun = epoch + 1 - firstEpoch;
                        double eta = elapsed / doneThisRun * (s.epochs() - epoch - 1);
                        EpochReport report = new EpochReport(epoch + 1, s.epochs(), trainLoss, v == null ? Double.NaN : v.loss,
                                v == null ? null : v.summary, lr, p.secondsBefore + elapsed, "cancelled".equals(stop) ? 0 : eta, best);
                        p.history.add(report);
                        p.epochsDone = epoch + 1;
                        if (best) {
                            p.bestScore = score;
                            p.bestWeights = Networks.weightsOf(block);
                        }
                        if (run.checkpointDir() != null) {
                            saveCheckpoint(run, block, adam, p, p.secondsBefore + elapsed);
                        }
                        listener.onEpoch(report);
                        if (listener.wantsSnapshot(epoch + 1)) listener.onSnapshot(epoch + 1, new ModelBundle(cfg, null, null, Networks.weightsOf(block)));
                        if ("cancelled".equals(stop)) break;
                    }
                } catch (EngineException | OutOfMemoryError e) {
                    if (!isOutOfMemory(e)) throw e;
                    stop = outOfMemory(s.batchSize(), p.bestWeights != null);
                }
                double seconds = p.secondsBefore + (System.nanoTime() - start) / 1e9;
                if (p.bestWeights == null) {
                    if (!"completed".equals(stop) && !"cancelled".equals(stop)) throw new IOException(stop);
                    p.bestWeights = Networks.weightsOf(block);
                }
                List<NamedTensor> lastWeights = stop.startsWith("Training diverged") ? p.bestWeights : Networks.weightsOf(block);
                EpochReport bestReport = p.history.stream().filter(EpochReport::best).reduce((a, b) -> b).orElse(null);
                EpochReport lastReport = p.history.isEmpty() ? null : p.history.get(p.history.size() - 1);
                JsonObject summary = summary(run, train.size(), val.size(), p, seconds, stop, device);
                summary.addProperty("recomputed_steps", stepper.recomputed());
                String terms = termsOf(run.data().train());
                ModelBundle bestBundle = new ModelBundle(cfg, summary, metrics(bestReport), p.bestWeights, terms);
                ModelBundle lastBundle = new ModelBundle(cfg, summary, metrics(lastReport), lastWeights, terms);
                return new TrainingResult(bestBundle, lastBundle, List.copyOf(p.history), stop, seconds);
            }
        }
    }

    private record Validation(double loss, ErrorSummary summary) {}

    private static Validation validate(Trainer trainer, BatchAssembler va, OutputCodec codec, ModelConfig cfg,
                                       List<TrainingExample> val, LossKind lossKind) {
        int[] order = new int[val.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        int[] eyes = outerEyeCorners(cfg.landmarks());
        List<FaceError> errors = new ArrayList<>(val.size());
        double lossSum = 0;
        for (int b = 0; b < va.batchesPerEpoch(); b++) {
            HostBatch hb = va.assemble(0, b, order);
            float[] out;
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDArray x = m.create(hb.inputs(), Networks.inputShape(cfg, hb.size()));
                NDArray y = m.create(hb.targets(), new Shape(hb.size(), codec.targetSize()));
                NDArray pred = trainer.evaluate(new NDList(x)).singletonOrThrow();
                lossSum += Losses.compute(lossKind, pred.reshape(y.getShape()), y, cfg.landmarks().size()).getFloat() * hb.size();
                out = pred.toFloatArray();
            }
            int per = out.length / hb.size();
            for (int k = 0; k < hb.size(); k++) {
                TrainingExample ex = val.get(hb.examples()[k]);
                OutputCodec.Decoded d = codec.decode(out, k * per);
                errors.add(FaceError.of(ex.sample().imageName(), ex.sample().points(),
                        d.points().transformed(ex.window().toOriginal()), ex.sample().imageWidth(), ex.sample().imageHeight(), eyes));
            }
        }
        return new Validation(lossSum / val.size(), ErrorSummary.of(errors, cfg.landmarks().size()));
    }

    /** The outer eye corners, where the landmark set names them, for the inter-ocular normalization. */
    public static int[] outerEyeCorners(LandmarkSet set) {
        if (set.names().contains("right_eye_outer") && set.names().contains("left_eye_outer")) {
            return new int[] {set.indexOf("right_eye_outer"), set.indexOf("left_eye_outer")};
        }
        return null;
    }

    static void checkCompatible(ModelConfig from, ModelConfig cfg) throws IOException {
        if (from.pipeline() != cfg.pipeline() || !from.architecture().equals(cfg.architecture())
                || !from.settings().equals(cfg.settings()) || from.inputWidth() != cfg.inputWidth()
                || from.inputHeight() != cfg.inputHeight() || !from.landmarks().sameAs(cfg.landmarks())) {
            throw new IOException("The model to start from (" + from.pipeline() + "/" + from.architecture() + ", "
                    + from.inputWidth() + "x" + from.inputHeight() + ", " + from.landmarks() + ") does not match the model to train ("
                    + cfg.pipeline() + "/" + cfg.architecture() + ", " + cfg.inputWidth() + "x" + cfg.inputHeight() + ", " + cfg.landmarks() + ")");
        }
    }

    static String outOfMemory(int batch, boolean kept) {
        return "Out of memory at batch size " + batch + "; try a smaller batch (for example --batch " + Math.max(1, batch / 2) + ")."
                + (kept ? " The best model so far was kept." : "");
    }

    private static boolean isOutOfMemory(Throwable e) {
        if (e instanceof OutOfMemoryError) return true;
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return m.contains("out of memory") || m.contains("can't allocate") || m.contains("cannot allocate");
    }

    /** The run's progress, as saved in and restored from checkpoints. */
    private static final class Progress {
        int epochsDone;
        double bestScore = Double.POSITIVE_INFINITY;
        List<NamedTensor> bestWeights;
        final List<EpochReport> history = new ArrayList<>();
        double secondsBefore;
    }

    private static void saveCheckpoint(TrainingRun run, Block block, AdamOptimizer adam, Progress p, double seconds) throws IOException {
        JsonObject state = new JsonObject();
        state.addProperty("format", TrainingCheckpoint.FORMAT);
        state.addProperty("version", 1);
        state.addProperty("epochs_done", p.epochsDone);
        state.addProperty("optimizer_steps", adam.stepCount());
        state.addProperty("best_score", p.bestScore);
        state.addProperty("seconds", seconds);
        state.add("settings", TrainingJson.settings(run.settings()));
        state.addProperty("train_faces", run.data().train().size());
        state.addProperty("validation_faces", run.data().validation().size());
        state.add("history", historyJson(p.history));
        Map<String, String> names = idToName(block);
        List<NamedTensor> opt = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : adam.means().entrySet()) {
            opt.add(new NamedTensor("mean/" + names.get(e.getKey()), e.getValue().getShape().getShape(), e.getValue().toFloatArray()));
        }
        for (Map.Entry<String, NDArray> e : adam.variances().entrySet()) {
            opt.add(new NamedTensor("variance/" + names.get(e.getKey()), e.getValue().getShape().getShape(), e.getValue().toFloatArray()));
        }
        ModelBundle last = new ModelBundle(run.config(), null, null, Networks.weightsOf(block));
        ModelBundle best = p.bestWeights == null ? null : new ModelBundle(run.config(), null, null, p.bestWeights);
        new TrainingCheckpoint(state, last, best, opt).save(run.checkpointDir());
    }

    private static void restore(TrainingRun run, Block block, AdamOptimizer adam, Progress p) throws IOException {
        TrainingCheckpoint c = TrainingCheckpoint.load(run.checkpointDir());
        JsonObject st = c.state();
        TrainingSettings saved = TrainingJson.settingsFrom(st.getAsJsonObject("settings"));
        if (!saved.equals(run.settings())) {
            throw new IOException("The checkpoint in " + run.checkpointDir() + " was made with other training settings (" + saved
                    + "); resume with the same settings");
        }
        if (st.get("train_faces").getAsInt() != run.data().train().size() || st.get("validation_faces").getAsInt() != run.data().validation().size()) {
            throw new IOException("The checkpoint in " + run.checkpointDir() + " was made on other data ("
                    + st.get("train_faces") + " training faces, now " + run.data().train().size() + ")");
        }
        checkCompatible(c.last().config(), run.config());
        Networks.loadWeights(block, c.last().weights(), TrainingCheckpoint.file(run.checkpointDir()).toString());
        Map<String, float[]> means = new HashMap<>(), variances = new HashMap<>();
        Map<String, String> names = idToName(block);
        Map<String, String> nameToId = new HashMap<>();
        names.forEach((id, name) -> nameToId.put(name, id));
        for (NamedTensor t : c.optimizer()) {
            String kind = t.name().substring(0, t.name().indexOf('/'));
            String id = nameToId.get(t.name().substring(t.name().indexOf('/') + 1));
            if (id == null) throw new IOException("checkpoint optimizer state names an unknown parameter: " + t.name());
            ("mean".equals(kind) ? means : variances).put(id, t.data());
        }
        Map<String, NDArray> byId = new HashMap<>();
        for (Pair<String, Parameter> pr : block.getParameters()) byId.put(pr.getValue().getId(), pr.getValue().getArray());
        adam.restore(st.get("optimizer_steps").getAsLong(), means, variances, byId);
        p.epochsDone = st.get("epochs_done").getAsInt();
        p.bestScore = st.get("best_score").getAsDouble();
        p.bestWeights = c.best() == null ? null : c.best().weights();
        p.secondsBefore = st.get("seconds").getAsDouble();
        for (var e : st.getAsJsonArray("history")) {
            JsonObject o = e.getAsJsonObject();
            ErrorSummary v = o.has("val_mse_norm") ? new ErrorSummary(o.get("val_faces").getAsInt(), run.config().landmarks().size(),
                    o.get("val_mse_norm").getAsDouble(), o.get("val_mae_px").getAsDouble(), o.get("val_mean_err_px").getAsDouble(),
                    o.has("val_nme_iod") ? o.get("val_nme_iod").getAsDouble() : Double.NaN, List.of()) : null;
            p.history.add(new EpochReport(o.get("epoch").getAsInt(), run.settings().epochs(), o.get("train_loss").getAsDouble(),
                    o.has("val_loss") ? o.get("val_loss").getAsDouble() : Double.NaN, v, o.get("learning_rate").getAsDouble(),
                    o.get("seconds").getAsDouble(), 0, o.get("best").getAsBoolean()));
        }
    }

    private static Map<String, String> idToName(Block block) {
        Map<String, String> names = new HashMap<>();
        for (Pair<String, Parameter> pr : block.getParameters()) names.put(pr.getValue().getId(), pr.getKey());
        return names;
    }

    static JsonArray historyJson(List<EpochReport> history) {
        JsonArray a = new JsonArray();
        for (EpochReport r : history) {
            JsonObject o = new JsonObject();
            o.addProperty("epoch", r.epoch());
            o.addProperty("train_loss", r.trainLoss());
            if (!Double.isNaN(r.valLoss())) o.addProperty("val_loss", r.valLoss());
            if (r.validation() != null) {
                o.addProperty("val_faces", r.validation().faces());
                o.addProperty("val_mse_norm", r.validation().mseNorm());
                o.addProperty("val_mae_px", r.validation().maePx());
                o.addProperty("val_mean_err_px", r.validation().meanErrPx());
                if (!Double.isNaN(r.validation().nme())) o.addProperty("val_nme_iod", r.validation().nme());
            }
            o.addProperty("learning_rate", r.learningRate());
            o.addProperty("seconds", r.elapsedSeconds());
            o.addProperty("best", r.best());
            a.add(o);
        }
        return a;
    }

    /** The terms a model trained on this data must carry: the 300-W annotations' research-only terms, else none. */
    static String termsOf(org.facialkeypoints.data.Dataset data) {
        boolean w300 = data.size() > 0 && data.samples().stream().anyMatch(s -> org.facialkeypoints.data.DatasetSplit.w300Subset(s) != null);
        return w300 ? org.facialkeypoints.bundle.BuiltinModels.W300_TERMS : "";
    }

    private static JsonObject summary(TrainingRun run, int trainFaces, int valFaces, Progress p, double seconds, String stop, Device device) {
        JsonObject o = new JsonObject();
        o.addProperty("data", run.data().train().description());
        o.addProperty("validation_data", run.data().validation().description());
        o.addProperty("train_faces", trainFaces);
        o.addProperty("validation_faces", valFaces);
        o.add("settings", TrainingJson.settings(run.settings()));
        o.addProperty("epochs_run", p.epochsDone);
        EpochReport best = p.history.stream().filter(EpochReport::best).reduce((a, b) -> b).orElse(null);
        if (best != null) o.addProperty("best_epoch", best.epoch());
        o.addProperty("seconds", Math.round(seconds * 10) / 10.0);
        o.addProperty("stopped", stop);
        o.addProperty("device", device.toString());
        o.addProperty("fine_tuned_from", run.startFrom() == null ? null : run.startFrom().config().pipeline() + "/" + run.startFrom().config().architecture());
        o.addProperty("program", "Facial Keypoints for Fiji " + Version.text());
        o.add("history", historyJson(p.history));
        return o;
    }

    private static JsonObject metrics(EpochReport r) {
        JsonObject m = new JsonObject();
        if (r == null) return m;
        m.addProperty("epoch", r.epoch());
        m.addProperty("train_loss", r.trainLoss());
        if (r.validation() != null) m.add("validation", r.validation().toJson());
        return m;
    }
}
