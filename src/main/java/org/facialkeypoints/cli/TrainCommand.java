package org.facialkeypoints.cli;

import com.google.gson.JsonArray;
import org.facialkeypoints.augment.AugmentationSettings;
import org.facialkeypoints.bundle.BundleFile;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.data.Dataset;
import org.facialkeypoints.data.DatasetLoader;
import org.facialkeypoints.data.DatasetSplit;
import org.facialkeypoints.engine.DeepLearning;
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

import org.facialkeypoints.io.AtomicFiles;
import org.facialkeypoints.train.TrainingSetup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** {@code train}: trains a model on a folder of annotated faces and writes it as a bundle. */
final class TrainCommand implements Main.Command {

    @Override
    public String summary() { return "train a keypoint model on annotated faces; write a model bundle"; }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: train --pipeline nose|face|resnet|unet --data <dir|file> --out <model.zip> [options]",
                "",
                "  --pipeline P       nose (the nose tip: IMM point 52), face (all points, whole image), resnet or unet",
                "                     (all points, from a crop around the face box)",
                "  --data DIR|FILE    annotated faces: a folder of IMM .asf files or of 300-W .pts files beside their",
                "                     images, one iBUG/dlib .xml, TPS .tps or landmark table .csv (image,point,x,y or",
                "                     detect's table) (or a folder holding exactly one), or a folder of images with",
                "                     ImageJ selections beside them (name.zip, name_RoiSet.zip, name.roi) or in TIFF",
                "                     overlays",
                "  --out FILE         the trained model (the best validation epoch); the last epoch goes to FILE-last.zip",
                "  --arch NAME        architecture preset: compact (default) or reference (the course's net) for nose and",
                "                     face; resnet18, resnet34, resnet50 for resnet; unet for unet",
                "  --epochs N         passes over the training data (default 25)",
                "  --lr X             Adam learning rate (default 1e-3)",
                "  --batch N          batch size (default 16)",
                "  --seed S           seed for initialization, data order and augmentation (default 1)",
                "  --schedule S       cosine (default), constant (the course's), warmup-cosine",
                "  --loss L           coordinates: l1 (default) or mse (the course's); heatmaps:",
                "                     heatmap-cross-entropy (default) or heatmap-mse-sum (the course's)",
                "  --init I           pytorch (default: uniform, bound 1/sqrt(fan-in)) or he",
                "  --weight-decay X   decoupled weight decay (AdamW) (default 0)",
                "  --channels A,B,..  override the preset's convolution channels",
                "  --input WxH        override the preset's input size",
                "  --set K=V[;K=V]    override other architecture settings, V in JSON (batch_norm=true;hidden=[512])",
                "  --no-augment       train on the images as they are",
                "  --flip             also mirror faces (with the left/right point pairing)",
                "  --scale LO,HI      random scaling range (default 0.9,1.1)",
                "  --rotate DEG       random rotation up to DEG degrees either way (default 15)",
                "  --shift F          random shift up to F of the input's size either way (default 0.1)",
                "  --val-fraction F   validation share for data without the IMM course split (default 0.2; 0.1 for",
                "                     300-W crops named lfpw_/helen_/afw_, split by source photo)",
                "  --split-seed S     seed of that random split (default 1)",
                "  --from MODEL       start from a trained model (built-in name or bundle) instead of random weights",
                "  --checkpoints DIR  checkpoint after every epoch here (default FILE.checkpoint; 'none' to switch off)",
                "  --resume           continue from the checkpoint in the checkpoint folder",
                "  --half             store the weights in half precision (float16): half the file size",
                "  --snapshots E,E,.. also save the model after these epochs as FILE-epochE.zip (for figures)",
                "  --threads N        libtorch threads (default: all cores)",
                "  --device D         cpu, gpu or auto (default auto)",
                "  --allow-outside    let the annotation files name images outside their own folder (refused by default:",
                "                     no '..', absolute path or symbolic link leading elsewhere)",
                "",
                "IMM data named PP-Vg.jpg is split the course's way: persons 1-32 train, 33-40 validate.");
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of("pipeline", "data", "out", "arch", "epochs", "lr", "batch", "seed", "schedule", "loss",
                "init", "weight-decay", "channels", "input", "set", "scale", "rotate", "shift", "snapshots", "val-fraction", "split-seed", "from", "checkpoints", "threads", "device"),
                Set.of("no-augment", "flip", "resume", "quiet", "half", "allow-outside"));
        Pipeline pipeline = Pipeline.fromId(a.require("pipeline"));
        Path dataDir = Path.of(a.require("data"));
        Path outFile = Path.of(a.require("out"));
        if (Files.isDirectory(outFile)) throw new UsageException("--out must be a file name (model.zip), not a folder");
        DeepLearning.configureThreads(a.getInt("threads", 0), 0);
        // Found out now, not after the first epoch: the model's folder must take files.
        AtomicFiles.checkWritable(outFile);
        org.facialkeypoints.data.DataPaths.allowOutside(a.flag("allow-outside"));

        Dataset data = DatasetLoader.load(dataDir);
        ModelConfig cfg = config(a, pipeline, data.landmarks());
        TrainingSettings s = settings(a);
        Path checkpoints = checkpointDir(a, outFile);
        if (checkpoints != null) AtomicFiles.checkWritable(checkpoints.resolve("probe"));
        Double valFraction = a.has("val-fraction") ? a.getDouble("val-fraction", 0) : null;
        TrainingRun run = TrainingSetup.run(data, cfg, s, valFraction, a.getLong("split-seed", 1), a.get("from", null))
                .withDevice(a.get("device", "auto")).withCheckpoints(checkpoints, a.flag("resume"));
        DatasetSplit split = run.data();
        if (a.flag("resume") && checkpoints == null) throw new UsageException("--resume needs a checkpoint folder");

        ModelConfig trained = run.config();
        out.printf(Locale.ROOT, "Training %s/%s (%s) on %d faces, validating on %d (%s)%n", pipeline, trained.architecture(),
                trained.inputWidth() + "x" + trained.inputHeight(), split.train().size(), split.validation().size(), split.validation().description());
        out.println("Engine: " + DeepLearning.describeEngine());
        boolean quiet = a.flag("quiet");
        java.util.Set<Integer> snapshots = new java.util.HashSet<>();
        if (a.has("snapshots")) {
            for (String e : a.get("snapshots", "").split(",")) {
                try {
                    snapshots.add(Integer.parseInt(e.trim()));
                } catch (NumberFormatException ex) {
                    throw new UsageException("--snapshots must be a comma-separated list of epochs");
                }
            }
        }
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
        BundleFile.write(result.best(), outFile, a.flag("half"));
        Path lastFile = lastFile(outFile);
        BundleFile.write(result.last(), lastFile, a.flag("half"));
        EpochReport best = result.bestEpoch();
        out.printf(Locale.ROOT, "Done in %s. Best epoch %d%s. Model: %s (last epoch: %s)%n", duration(result.seconds()),
                best == null ? 0 : best.epoch(), best != null && best.validation() != null
                        ? String.format(Locale.ROOT, ": val MSE %.6f, mean error %.2f px", best.validation().mseNorm(), best.validation().meanErrPx()) : "",
                outFile, lastFile);
        return result.stop().failed() ? Main.FAILED : Main.OK;
    }

    static ModelConfig config(Args a, Pipeline pipeline, LandmarkSet dataLandmarks) throws UsageException {
        LandmarkSet set = TrainingSetup.pointsFor(pipeline, dataLandmarks);
        ModelConfig cfg = Architectures.preset(pipeline, a.get("arch", pipeline.defaultArchitecture()), set);
        if (a.has("channels")) {
            JsonArray ch = new JsonArray();
            for (String part : a.get("channels", "").split(",")) {
                try {
                    ch.add(Integer.parseInt(part.trim()));
                } catch (NumberFormatException e) {
                    throw new UsageException("--channels must be a comma-separated list of integers");
                }
            }
            if (ch.size() != cfg.intListSetting("channels").size()) {
                throw new UsageException("--channels needs " + cfg.intListSetting("channels").size() + " values for " + cfg.architecture());
            }
            cfg = cfg.withSetting("channels", ch);
        }
        if (a.has("set")) {
            for (String kv : a.get("set", "").split(";")) {
                int eq = kv.indexOf('=');
                if (eq <= 0) throw new UsageException("--set needs key=value pairs separated by ';'");
                String key = kv.substring(0, eq).trim();
                if (!cfg.settings().has(key) && !java.util.Set.of("batch_norm", "dropout", "hidden").contains(key)) {
                    throw new UsageException("--set: architecture " + cfg.architecture() + " has no setting '" + key + "'; it has " + cfg.settings().keySet());
                }
                try {
                    cfg = cfg.withSetting(key, com.google.gson.JsonParser.parseString(kv.substring(eq + 1).trim()));
                } catch (RuntimeException e) {
                    throw new UsageException("--set " + key + ": value is not JSON");
                }
            }
        }
        if (a.has("input")) {
            String[] wh = a.get("input", "").toLowerCase(Locale.ROOT).split("x");
            try {
                cfg = cfg.withInputSize(Integer.parseInt(wh[0].trim()), Integer.parseInt(wh[1].trim()));
            } catch (RuntimeException e) {
                throw new UsageException("--input must look like 240x180");
            }
        }
        return cfg;
    }

    static TrainingSettings settings(Args a) throws UsageException {
        TrainingSettings d = TrainingSettings.defaults(Pipeline.fromId(a.require("pipeline")));
        AugmentationSettings aug = a.flag("no-augment") ? AugmentationSettings.NONE : d.augmentation();
        if (a.flag("flip")) aug = aug.withFlip(true);
        try {
            if (a.has("rotate")) aug = aug.withRotation(a.getDouble("rotate", 0));
            if (a.has("shift")) aug = aug.withTranslation(a.getDouble("shift", 0));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--rotate/--shift: " + e.getMessage());
        }
        if (a.has("scale")) {
            String[] lohi = a.get("scale", "").split(",");
            try {
                aug = aug.withScale(Double.parseDouble(lohi[0]), Double.parseDouble(lohi[1]));
            } catch (RuntimeException e) {
                throw new UsageException("--scale must look like 0.9,1.1");
            }
        }
        return new TrainingSettings(a.getInt("epochs", d.epochs()), a.getInt("batch", d.batchSize()), a.getDouble("lr", d.learningRate()),
                Schedule.fromId(a.get("schedule", d.schedule().id())), a.getDouble("weight-decay", 0), a.getLong("seed", d.seed()), aug,
                LossKind.fromId(a.get("loss", d.loss().id())), a.get("init", d.initialization()));
    }

    static Path checkpointDir(Args a, Path outFile) {
        String c = a.get("checkpoints", null);
        if ("none".equals(c)) return null;
        if (c != null) return Path.of(c);
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
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "epoch %3d/%d  train %.6f", r.epoch(), r.epochs(), r.trainLoss()));
        if (r.validation() != null) {
            b.append(String.format(Locale.ROOT, "  val %.6f  val MSE %.6f  err %.2f px", r.valLoss(), r.validation().mseNorm(), r.validation().meanErrPx()));
        }
        b.append(String.format(Locale.ROOT, "  lr %.1e  %s  ETA %s%s", r.learningRate(), duration(r.elapsedSeconds()), duration(r.etaSeconds()), r.best() ? "  *" : ""));
        return b.toString();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + "s";
        if (s < 3600) return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }
}
