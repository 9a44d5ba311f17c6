package org.facialkeypoints.train;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import com.google.gson.JsonObject;
import org.facialkeypoints.augment.AugmentationSettings;
import org.facialkeypoints.bundle.BuiltinModels;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.bundle.NamedTensor;
import org.facialkeypoints.bundle.NetworkWeights;
import org.facialkeypoints.bundle.Version;
import org.facialkeypoints.data.Dataset;
import org.facialkeypoints.data.DatasetSplit;
import org.facialkeypoints.engine.DeepLearning;
import org.facialkeypoints.eval.ErrorSummary;
import org.facialkeypoints.eval.FaceError;
import org.facialkeypoints.image.ImageSource;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.Networks;
import org.facialkeypoints.model.OutputCodec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains a keypoint model: Adam on the configured loss, batches prepared ahead on a background thread, validation
 * after every epoch in the original images' pixels, the best epoch kept, and a checkpoint after every epoch when
 * asked ({@link TrainingCheckpoint}). A run that diverges or runs out of memory stops with a sentence saying what
 * to change, keeping the last good model.
 */
public final class KeypointTrainer {

    /** Training stops when the loss passes this (or is not a number): the run has diverged. */
    static final double DIVERGED_LOSS = 1e6;

    private final ImageSource images;
    private final int dataThreads;

    public KeypointTrainer() { this(ImageSource.FILES, Math.max(1, Runtime.getRuntime().availableProcessors() / 2)); }

    public KeypointTrainer(ImageSource images, int dataThreads) {
        this.images = images;
        this.dataThreads = Math.max(1, dataThreads);
    }

    /** The examples and batches of one run, prepared before its network is built. */
    private record Prepared(List<TrainingExample> train, List<TrainingExample> val, BatchAssembler assembler,
                            BatchAssembler valAssembler, OutputCodec codec) {}

    /** Where a run stopped, and for a failure the sentence that says what to change. */
    private record Stop(TrainingStop kind, String failure) {
        static final Stop COMPLETED = new Stop(TrainingStop.COMPLETED, null);
        static final Stop CANCELLED = new Stop(TrainingStop.CANCELLED, null);

        String reason() { return failure != null ? failure : kind.name().toLowerCase(Locale.ROOT); }
    }

    private record Validation(double loss, ErrorSummary summary) {}

    public TrainingOutcome train(TrainingRun run, TrainingObserver observer) throws IOException {
        ModelConfig cfg = run.config();
        TrainingSettings s = run.settings();
        if (run.data().train().size() == 0) {
            throw new IOException("No training faces: " + run.data().train().description());
        }
        if (!run.data().train().landmarks().sameAs(cfg.landmarks())) {
            throw new IOException("The data's points (" + run.data().train().landmarks() + ") are not the model's ("
                    + cfg.landmarks() + ")");
        }
        if (run.startFrom() != null) checkCompatible(run.startFrom().config(), cfg);
        // Refuses a loss that does not fit the model before any image is read.
        new KeypointLoss(s.loss(), cfg.pipeline().heatmaps(), cfg.landmarks().size());
        DeepLearning.inferenceThread();
        Prepared prepared = prepare(cfg, s, run.data());
        Device device = DeepLearning.device(run.device());
        DeepLearning.engine().setRandomSeed((int) s.seed());
        try (TrainingSession session = TrainingSession.open(cfg, s, device)) {
            return train(run, observer, session, prepared, device);
        } catch (EngineException | OutOfMemoryError e) {
            if (!isOutOfMemory(e)) throw e;
            throw new IOException(outOfMemory(s.batchSize(), false), e);
        }
    }

    private Prepared prepare(ModelConfig cfg, TrainingSettings s, DatasetSplit data) throws IOException {
        OutputCodec codec = OutputCodec.of(cfg);
        double margin = s.augmentation().isNone() ? 0 : ExamplePreparation.AUGMENTATION_MARGIN;
        List<TrainingExample> train = ExamplePreparation.prepare(data.train().samples(), cfg, margin, images, 2);
        List<TrainingExample> val = ExamplePreparation.prepare(data.validation().samples(), cfg, 0, images, 2);
        int w = cfg.inputWidth(), h = cfg.inputHeight();
        BatchAssembler assembler = new BatchAssembler(train, s.augmentation(), codec, cfg.landmarks(), s.batchSize(),
                s.seed(), w, h);
        BatchAssembler valAssembler = val.isEmpty() ? null
                : new BatchAssembler(val, AugmentationSettings.NONE, codec, cfg.landmarks(),
                        Math.max(s.batchSize(), 16), 0, w, h);
        return new Prepared(train, val, assembler, valAssembler, codec);
    }

    private TrainingOutcome train(TrainingRun run, TrainingObserver observer, TrainingSession session, Prepared d,
                                  Device device) throws IOException {
        ModelConfig cfg = run.config();
        TrainingSettings s = run.settings();
        RunProgress p = new RunProgress();
        if (run.startFrom() != null) NetworkWeights.load(session.block(), run.startFrom(), "the model to start from");
        if (run.resume()) TrainingCheckpoint.restore(run, session, p);
        int batches = d.assembler().batchesPerEpoch();
        long totalSteps = (long) s.epochs() * batches;
        observer.onStart(s.epochs(), batches, d.train().size(), d.val().size(), device.toString());
        long start = System.nanoTime();
        int firstEpoch = p.epochsDone;
        Stop stop = Stop.COMPLETED;
        try (BatchPrefetcher prefetch = new BatchPrefetcher(d.assembler(), dataThreads, 3)) {
            for (int epoch = p.epochsDone; epoch < s.epochs() && stop != Stop.CANCELLED; epoch++) {
                double lossSum = 0;
                int seen = 0, batchNo = 0;
                double lr = s.learningRate();
                for (HostBatch hb : prefetch.epoch(epoch)) {
                    lr = s.learningRate() * s.schedule().factor(session.adam().stepCount(), totalSteps);
                    double loss = session.step(hb, lr);
                    if (!Double.isFinite(loss) || loss > DIVERGED_LOSS) {
                        String why = diverged(epoch + 1, loss, s.learningRate(), p.bestWeights != null);
                        stop = new Stop(TrainingStop.DIVERGED, why);
                        break;
                    }
                    lossSum += loss * hb.size();
                    seen += hb.size();
                    observer.onBatch(epoch + 1, ++batchNo, batches, loss);
                    if (observer.cancelRequested()) {
                        stop = Stop.CANCELLED;
                        break;
                    }
                }
                if (stop.kind() == TrainingStop.DIVERGED || (stop == Stop.CANCELLED && !p.history.isEmpty())) break;
                Validation v = d.valAssembler() == null ? null : validate(session.trainer(), d, cfg);
                double trainLoss = seen == 0 ? Double.NaN : lossSum / seen;
                double score = v != null ? v.summary.mseNorm() : trainLoss;
                boolean best = p.bestWeights == null || score < p.bestScore;
                double elapsed = (System.nanoTime() - start) / 1e9;
                int doneThisRun = epoch + 1 - firstEpoch;
                double eta = stop == Stop.CANCELLED ? 0 : elapsed / doneThisRun * (s.epochs() - epoch - 1);
                EpochReport report = new EpochReport(epoch + 1, s.epochs(), trainLoss, v == null ? Double.NaN : v.loss,
                        v == null ? null : v.summary, lr, p.secondsBefore + elapsed, eta, best);
                p.history.add(report);
                p.epochsDone = epoch + 1;
                if (best) {
                    p.bestScore = score;
                    p.bestWeights = NetworkWeights.of(session.block());
                }
                if (run.checkpointDir() != null) TrainingCheckpoint.save(run, session, p, p.secondsBefore + elapsed);
                observer.onEpoch(report);
                if (observer.wantsSnapshot(epoch + 1)) {
                    observer.onSnapshot(epoch + 1,
                            new ModelBundle(cfg, null, null, NetworkWeights.of(session.block())));
                }
            }
        } catch (EngineException | OutOfMemoryError e) {
            if (!isOutOfMemory(e)) throw e;
            stop = new Stop(TrainingStop.OUT_OF_MEMORY, outOfMemory(s.batchSize(), p.bestWeights != null));
        }
        double seconds = p.secondsBefore + (System.nanoTime() - start) / 1e9;
        if (p.bestWeights == null) {
            if (stop.kind().failed()) throw new IOException(stop.reason());
            p.bestWeights = NetworkWeights.of(session.block());
        }
        List<NamedTensor> lastWeights = stop.kind() == TrainingStop.DIVERGED ? p.bestWeights
                : NetworkWeights.of(session.block());
        JsonObject summary = summary(run, d, p, seconds, stop.reason(), device);
        summary.addProperty("recomputed_steps", session.recomputedSteps());
        String terms = termsOf(run.data().train());
        ModelBundle bestBundle = new ModelBundle(cfg, summary, metrics(p.bestReport()), p.bestWeights, terms);
        ModelBundle lastBundle = new ModelBundle(cfg, summary, metrics(p.lastReport()), lastWeights, terms);
        return new TrainingOutcome(bestBundle, lastBundle, List.copyOf(p.history), stop.kind(), stop.reason(), seconds);
    }

    private static Validation validate(Trainer trainer, Prepared d, ModelConfig cfg) {
        BatchAssembler va = d.valAssembler();
        List<TrainingExample> val = d.val();
        int[] order = new int[val.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        int[] eyes = FaceError.outerEyeCorners(cfg.landmarks());
        List<FaceError> errors = new ArrayList<>(val.size());
        double lossSum = 0;
        for (int b = 0; b < va.batchesPerEpoch(); b++) {
            HostBatch hb = va.assemble(0, b, order);
            float[] out;
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDArray x = m.create(hb.inputs(), Networks.inputShape(cfg, hb.size()));
                NDArray y = m.create(hb.targets(), new Shape(hb.size(), d.codec().targetSize()));
                NDArray pred = trainer.evaluate(new NDList(x)).singletonOrThrow();
                lossSum += trainer.getLoss().evaluate(new NDList(y), new NDList(pred)).getFloat() * hb.size();
                out = pred.toFloatArray();
            }
            int per = out.length / hb.size();
            for (int k = 0; k < hb.size(); k++) {
                TrainingExample ex = val.get(hb.examples()[k]);
                OutputCodec.Decoded decoded = d.codec().decode(out, k * per);
                errors.add(FaceError.of(ex.sample().imageName(), ex.sample().points(),
                        decoded.points().transformed(ex.window().toOriginal()), ex.sample().imageWidth(),
                                ex.sample().imageHeight(), eyes));
            }
        }
        return new Validation(lossSum / val.size(), ErrorSummary.of(errors, cfg.landmarks().size()));
    }

    static void checkCompatible(ModelConfig from, ModelConfig cfg) throws IOException {
        if (from.pipeline() != cfg.pipeline() || !from.architecture().equals(cfg.architecture())
                || !from.settings().equals(cfg.settings()) || from.inputWidth() != cfg.inputWidth()
                || from.inputHeight() != cfg.inputHeight() || !from.landmarks().sameAs(cfg.landmarks())) {
            throw new IOException("The model to start from (" + from.pipeline() + "/" + from.architecture() + ", "
                    + from.inputWidth() + "x" + from.inputHeight() + ", " + from.landmarks()
                    + ") does not match the model to train ("
                    + cfg.pipeline() + "/" + cfg.architecture() + ", " + cfg.inputWidth() + "x" + cfg.inputHeight()
                    + ", " + cfg.landmarks() + ")");
        }
    }

    static String diverged(int epoch, double loss, double learningRate, boolean kept) {
        return "Training diverged in epoch " + epoch + " (the loss became " + loss + "); try a lower learning rate"
                + " than " + learningRate + (kept ? ". The model from the last good epoch was kept."
                : ". No epoch finished before that, so no model was written.");
    }

    static String outOfMemory(int batch, boolean kept) {
        return "Out of memory at batch size " + batch + "; try a smaller batch (for example --batch "
                + Math.max(1, batch / 2) + ")."
                + (kept ? " The best model so far was kept." : "");
    }

    private static boolean isOutOfMemory(Throwable e) {
        if (e instanceof OutOfMemoryError) return true;
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("out of memory") || m.contains("can't allocate") || m.contains("cannot allocate");
    }

    /** The terms a model trained on this data must carry: the 300-W annotations' research-only terms, else none. */
    static String termsOf(Dataset data) {
        boolean w300 = data.size() > 0 && data.samples().stream().anyMatch(s -> DatasetSplit.w300Subset(s) != null);
        return w300 ? BuiltinModels.W300_TERMS : "";
    }

    private static JsonObject summary(TrainingRun run, Prepared d, RunProgress p, double seconds, String stop,
            Device device) {
        JsonObject o = new JsonObject();
        o.addProperty("data", run.data().train().description());
        o.addProperty("validation_data", run.data().validation().description());
        o.addProperty("train_faces", d.train().size());
        o.addProperty("validation_faces", d.val().size());
        o.add("settings", TrainingJson.settings(run.settings()));
        o.addProperty("epochs_run", p.epochsDone);
        EpochReport best = p.bestReport();
        if (best != null) o.addProperty("best_epoch", best.epoch());
        o.addProperty("seconds", Math.round(seconds * 10) / 10.0);
        o.addProperty("stopped", stop);
        o.addProperty("device", device.toString());
        o.addProperty("fine_tuned_from", run.startFrom() == null ? null
                : run.startFrom().config().pipeline() + "/" + run.startFrom().config().architecture());
        o.addProperty("program", "Facial Keypoints for Fiji " + Version.text());
        o.add("history", TrainingJson.history(p.history));
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
