package org.facialkeypoints.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import org.facialkeypoints.augment.AugmentationSettings;
import org.facialkeypoints.bundle.BundleFile;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.data.Dataset;
import org.facialkeypoints.data.DatasetLoader;
import org.facialkeypoints.data.DatasetSplit;
import org.facialkeypoints.engine.DeepLearning;
import org.facialkeypoints.io.AtomicFiles;
import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.model.Architectures;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.Pipeline;
import org.facialkeypoints.train.EpochReport;
import org.facialkeypoints.train.KeypointTrainer;
import org.facialkeypoints.train.LossKind;
import org.facialkeypoints.train.Schedule;
import org.facialkeypoints.train.TrainingObserver;
import org.facialkeypoints.train.TrainingOutcome;
import org.facialkeypoints.train.TrainingRun;
import org.facialkeypoints.train.TrainingSettings;
import org.facialkeypoints.train.TrainingSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNullElse;

/** {@code train}: trains a model on a folder of annotated faces and writes it as a bundle. */
@Command(name = "train", sortOptions = false, abbreviateSynopsis = true,
        header = "train a keypoint model on annotated faces; write a model bundle",
        description = {"Needs --pipeline, --data and --out. IMM data named PP-Vg.jpg is split the course's way: "
                + "persons 1-32 train, 33-40 validate."})
final class TrainCommand extends CliCommand {

    /** Settings --set may add though the preset does not list them (the coordinate heads read them). */
    private static final Set<String> OPTIONAL_SETTINGS = Set.of("batch_norm", "dropout", "hidden");

    @Option(names = "--pipeline", paramLabel = "P", required = true, converter = OptionTypes.PipelineId.class,
            description = "${COMPLETION-CANDIDATES}: nose (the nose tip: IMM point 52), face (all points, whole "
                    + "image), resnet or unet (all points, from a crop around the face box)")
    Pipeline pipeline;

    @Option(names = "--data", paramLabel = "DIR|FILE", required = true, description = "annotated faces: a folder of "
            + "IMM .asf files or of 300-W .pts files beside their images, one iBUG/dlib .xml, TPS .tps or landmark "
            + "table .csv (image,point,x,y or detect's table) (or a folder holding exactly one), or a folder of "
            + "images with ImageJ selections beside them (name.zip, name_RoiSet.zip, name.roi) or in TIFF overlays")
    Path data;

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "the trained model (the best validation epoch); the last epoch goes to FILE-last.zip")
    Path outFile;

    @Option(names = "--arch", paramLabel = "NAME", description = "architecture preset: compact (default) or "
            + "reference (the course's net) for nose and face; resnet18, resnet34, resnet50 for resnet; unet for unet")
    String arch;

    @Option(names = "--epochs", paramLabel = "N", description = "passes over the training data (default 25)")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "X", description = "Adam learning rate (default 1e-3)")
    Double learningRate;

    @Option(names = "--batch", paramLabel = "N", description = "batch size (default 16)")
    Integer batch;

    @Option(names = "--seed", paramLabel = "S",
            description = "seed for initialization, data order and augmentation (default 1)")
    Long seed;

    @Option(names = "--schedule", paramLabel = "S", converter = OptionTypes.ScheduleId.class,
            completionCandidates = OptionTypes.ScheduleIds.class,
            description = "cosine (default), constant (the course's), warmup-cosine")
    Schedule schedule;

    @Option(names = "--loss", paramLabel = "L", converter = OptionTypes.LossId.class,
            completionCandidates = OptionTypes.LossIds.class, description = "coordinates: l1 (default) or mse (the "
                    + "course's); heatmaps: heatmap-cross-entropy (default) or heatmap-mse-sum (the course's)")
    LossKind loss;

    @Option(names = "--init", paramLabel = "I", completionCandidates = OptionTypes.Initializations.class,
            description = "pytorch (default: uniform, bound 1/sqrt(fan-in)) or he")
    String init;

    @Option(names = "--weight-decay", paramLabel = "X",
            description = "decoupled weight decay (AdamW) (default ${DEFAULT-VALUE})")
    double weightDecay = 0;

    @Option(names = "--channels", paramLabel = "A,B,..", split = ",", hideParamSyntax = true,
            description = "override the preset's convolution channels")
    List<Integer> channels;

    @Option(names = "--input", paramLabel = "WxH", converter = OptionTypes.SizeConverter.class,
            description = "override the preset's input size")
    OptionTypes.Size input;

    @Option(names = "--set", paramLabel = "K=V[;K=V]", split = ";", hideParamSyntax = true,
            description = "override other architecture settings, V in JSON (batch_norm=true;hidden=[512])")
    Map<String, String> set;

    @Option(names = "--no-augment", description = "train on the images as they are")
    boolean noAugment;

    @Option(names = "--flip", description = "also mirror faces (with the left/right point pairing)")
    boolean flip;

    @Option(names = "--scale", paramLabel = "LO,HI", split = ",", hideParamSyntax = true,
            description = "random scaling range (default 0.9,1.1)")
    double[] scale;

    @Option(names = "--rotate", paramLabel = "DEG",
            description = "random rotation up to DEG degrees either way (default 15)")
    Double rotate;

    @Option(names = "--shift", paramLabel = "F",
            description = "random shift up to F of the input's size either way (default 0.1)")
    Double shift;

    @Mixin
    SplitOptions split;

    @Option(names = "--from", paramLabel = "MODEL",
            description = "start from a trained model (built-in name or bundle) instead of random weights")
    String from;

    @Option(names = "--checkpoints", paramLabel = "DIR",
            description = "checkpoint after every epoch here (default FILE.checkpoint; 'none' to switch off)")
    String checkpoints;

    @Option(names = "--resume", description = "continue from the checkpoint in the checkpoint folder")
    boolean resume;

    @Option(names = "--half", description = "store the weights in half precision (float16): half the file size")
    boolean half;

    @Option(names = "--snapshots", paramLabel = "E,E,..", split = ",", hideParamSyntax = true,
            description = "also save the model after these epochs as FILE-epochE.zip (for figures)")
    Set<Integer> snapshots = new HashSet<>();

    @Option(names = "--quiet", description = "no line per epoch, only the start and the summary")
    boolean quiet;

    @Mixin
    EngineOptions engine;

    @Mixin
    DataAccessOptions dataAccess;

    TrainCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() throws Exception {
        if (Files.isDirectory(outFile)) throw new UsageException("--out must be a file name (model.zip), not a folder");
        engine.configureThreads();
        // Found out now, not after the first epoch: the model's folder must take files.
        AtomicFiles.checkWritable(outFile);
        dataAccess.apply();

        Dataset dataset = DatasetLoader.load(data);
        ModelConfig cfg = config(dataset.landmarks());
        TrainingSettings s = settings();
        Path checkpointDir = checkpointDir();
        if (checkpointDir != null) AtomicFiles.checkWritable(checkpointDir.resolve("probe"));
        TrainingRun run = TrainingSetup.run(dataset, cfg, s, split.valFraction, split.splitSeed, from)
                .withDevice(engine.device).withCheckpoints(checkpointDir, resume);
        DatasetSplit parts = run.data();
        if (resume && checkpointDir == null) throw new UsageException("--resume needs a checkpoint folder");

        ModelConfig trained = run.config();
        out.printf(Locale.ROOT, "Training %s/%s (%s) on %d faces, validating on %d (%s)%n", pipeline,
                trained.architecture(), trained.inputWidth() + "x" + trained.inputHeight(), parts.train().size(),
                parts.validation().size(), parts.validation().description());
        out.println("Engine: " + DeepLearning.describeEngine());
        TrainingOutcome result = new KeypointTrainer().train(run, new TrainingObserver() {
            @Override
            public void onEpoch(EpochReport r) {
                if (!quiet) out.println(epochLine(r));
            }

            @Override
            public boolean wantsSnapshot(int epoch) { return snapshots.contains(epoch); }

            @Override
            public void onSnapshot(int epoch, ModelBundle model) {
                try {
                    BundleFile.write(model, snapshotFile(outFile, epoch));
                } catch (IOException e) {
                    err.println("could not save the epoch " + epoch + " snapshot: " + e.getMessage());
                }
            }
        });
        if (result.stop().failed()) err.println(result.stopReason());
        BundleFile.write(result.best(), outFile, half);
        Path lastFile = lastFile(outFile);
        BundleFile.write(result.last(), lastFile, half);
        EpochReport best = result.bestEpoch();
        out.printf(Locale.ROOT, "Done in %s. Best epoch %d%s. Model: %s (last epoch: %s)%n", duration(result.seconds()),
                best == null ? 0 : best.epoch(), best != null && best.validation() != null
                        ? String.format(Locale.ROOT, ": val MSE %.6f, mean error %.2f px", best.validation().mseNorm(),
                                best.validation().meanErrPx()) : "",
                outFile, lastFile);
        return result.stop().failed() ? Main.FAILED : Main.OK;
    }

    /** The preset of --arch for the pipeline and the data's points, with --channels, --set and --input applied. */
    ModelConfig config(LandmarkSet dataLandmarks) throws UsageException {
        LandmarkSet points = TrainingSetup.pointsFor(pipeline, dataLandmarks);
        ModelConfig cfg = Architectures.preset(pipeline, arch != null ? arch : pipeline.defaultArchitecture(), points);
        if (channels != null) {
            int needed = cfg.intListSetting("channels").size();
            if (channels.size() != needed) {
                throw new UsageException("--channels needs " + needed + " values for " + cfg.architecture());
            }
            JsonArray ch = new JsonArray();
            channels.forEach(ch::add);
            cfg = cfg.withSetting("channels", ch);
        }
        if (set != null) {
            for (Map.Entry<String, String> kv : set.entrySet()) {
                String key = kv.getKey().trim();
                if (!cfg.settings().has(key) && !OPTIONAL_SETTINGS.contains(key)) {
                    throw new UsageException("--set: architecture " + cfg.architecture() + " has no setting '" + key
                            + "'; it has " + cfg.settings().keySet());
                }
                try {
                    cfg = cfg.withSetting(key, JsonParser.parseString(kv.getValue().trim()));
                } catch (RuntimeException e) {
                    throw new UsageException("--set " + key + ": value is not JSON");
                }
            }
        }
        if (input != null) {
            try {
                cfg = cfg.withInputSize(input.width(), input.height());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--input " + input.width() + "x" + input.height() + ": " + e.getMessage());
            }
        }
        return cfg;
    }

    /** The pipeline's defaults with what was given on the command line. */
    TrainingSettings settings() throws UsageException {
        TrainingSettings d = TrainingSettings.defaults(pipeline);
        AugmentationSettings aug = noAugment ? AugmentationSettings.NONE : d.augmentation();
        if (flip) aug = aug.withFlip(true);
        try {
            if (rotate != null) aug = aug.withRotation(rotate);
            if (shift != null) aug = aug.withTranslation(shift);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--rotate/--shift: " + e.getMessage());
        }
        if (scale != null) {
            if (scale.length != 2) throw new UsageException("--scale must look like 0.9,1.1");
            try {
                aug = aug.withScale(scale[0], scale[1]);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--scale: " + e.getMessage());
            }
        }
        return new TrainingSettings(requireNonNullElse(epochs, d.epochs()), requireNonNullElse(batch, d.batchSize()),
                requireNonNullElse(learningRate, d.learningRate()), requireNonNullElse(schedule, d.schedule()),
                weightDecay, requireNonNullElse(seed, d.seed()), aug, requireNonNullElse(loss, d.loss()),
                requireNonNullElse(init, d.initialization()));
    }

    Path checkpointDir() {
        if ("none".equals(checkpoints)) return null;
        if (checkpoints != null) return Path.of(checkpoints);
        return outFile.resolveSibling(outFile.getFileName() + ".checkpoint");
    }

    static Path snapshotFile(Path outFile, int epoch) {
        String n = outFile.getFileName().toString();
        String stem = n.toLowerCase(Locale.ROOT).endsWith(".zip") ? n.substring(0, n.length() - 4) : n;
        return outFile.resolveSibling(stem + "-epoch" + epoch + ".zip");
    }

    static Path lastFile(Path outFile) {
        String n = outFile.getFileName().toString();
        String stem = n.toLowerCase(Locale.ROOT).endsWith(".zip") ? n.substring(0, n.length() - 4) : n;
        return outFile.resolveSibling(stem + "-last.zip");
    }

    static String epochLine(EpochReport r) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "epoch %3d/%d  train %.6f", r.epoch(),
                r.epochs(), r.trainLoss()));
        if (r.validation() != null) {
            b.append(String.format(Locale.ROOT, "  val %.6f  val MSE %.6f  err %.2f px", r.valLoss(),
                    r.validation().mseNorm(), r.validation().meanErrPx()));
        }
        b.append(String.format(Locale.ROOT, "  lr %.1e  %s  ETA %s%s", r.learningRate(), duration(r.elapsedSeconds()),
                duration(r.etaSeconds()), r.best() ? "  *" : ""));
        return b.toString();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + "s";
        if (s < 3600) return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }
}
