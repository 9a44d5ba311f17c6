package org.facialkeypoints.cli;

import ai.djl.Device;
import com.google.gson.JsonPrimitive;
import org.facialkeypoints.bench.Measurements;
import org.facialkeypoints.bench.PhotoBenchmark;
import org.facialkeypoints.bench.PipelineBenchmark;
import org.facialkeypoints.bundle.BuiltinModels;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.data.AnnotatedSample;
import org.facialkeypoints.data.Dataset;
import org.facialkeypoints.data.DatasetLoader;
import org.facialkeypoints.data.DatasetSplit;
import org.facialkeypoints.engine.DeepLearning;
import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.io.AtomicFiles;
import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.model.Architectures;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.Pipeline;
import org.facialkeypoints.train.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench}: every pipeline's speed, measured side by side in one run so the ratios hold on a noisy machine;
 * prints a Markdown table and can write it to a file.
 */
@Command(name = "bench", sortOptions = false, abbreviateSynopsis = true,
        header = "measure training and detection speed of every pipeline (Markdown table)",
        description = {"With --data (IMM faces): per pipeline, the real trainer on the data with augmentation (first "
                + "epoch excluded) and, right after each of its epochs, raw training (forward + backward + Adam on one "
                + "ready batch) on as many images; detection latency at batch 1 (image in memory; read from file); raw "
                + "inference at batch 16 alternating with detection over image files as the detect command runs it. "
                + "Ratios are medians of side-by-side rounds, so a shared machine's slow spells hit both sides alike. "
                + "Once: a large convolution and matrix product as the machine's ceiling, libtorch thread counts and "
                + "the UNet's heatmap resolution compared in interleaved rounds, and resident memory of a long nose "
                + "run at epoch 5 and at its last epoch.",
            "With --photos: the whole chain per photo as detect runs it (decode, the face detector, crops and "
                + "landmarks of every face), stage by stage at batch 1 and as a folder, per folder given; the face "
                + "detector's model must be at hand (no download)."})
final class BenchCommand extends CliCommand {

    @Option(names = "--data", paramLabel = "DIR", description = "the IMM faces the pipelines train and detect on")
    Path dataFolder;

    @Option(names = "--pipelines", paramLabel = "P,P,..", split = ",", hideParamSyntax = true,
            converter = OptionTypes.PipelineId.class,
            defaultValue = "nose,face,resnet,unet", description = "the pipelines measured (default ${DEFAULT-VALUE})")
    List<Pipeline> pipelines;

    @Option(names = "--epochs", paramLabel = "N",
            description = "epochs of the real trainer per pipeline (default ${DEFAULT-VALUE})")
    int epochs = 3;

    @Option(names = "--memory-epochs", paramLabel = "N",
            description = "length of the memory run (default ${DEFAULT-VALUE})")
    int memoryEpochs = 50;

    @Option(names = "--photos", paramLabel = "DIR,DIR,..", split = ",", hideParamSyntax = true,
            description = "folders of photos for the whole chain, measured instead of the pipelines")
    List<Path> photos;

    @Option(names = "--model", paramLabel = "NAME|FILE",
            description = "with --photos: the model landmarking the faces (default ${DEFAULT-VALUE})")
    String model = BuiltinModels.DEFAULT;

    @Option(names = "--rounds", paramLabel = "N",
            description = "with --photos: rounds per folder (default ${DEFAULT-VALUE})")
    int rounds = 5;

    @Option(names = "--out", paramLabel = "FILE", description = "also write the report (Markdown) there")
    Path report;

    @Mixin
    EngineOptions engine;

    @Spec
    private CommandSpec spec;

    BenchCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() throws Exception {
        engine.configureThreads();
        Device device = DeepLearning.device(engine.device);
        err.println("Device: " + device + " (" + DeepLearning.describeEngine() + ")");
        if (photos != null) return photos(device);
        Dataset data = DatasetLoader.load(required(dataFolder, "--data"));
        DatasetSplit split = DatasetSplit.auto(data, 0.2, 1);
        StringBuilder md = reportHeader(device);
        double[] ceiling = PipelineBenchmark.ceiling(device);
        md.append(String.format(Locale.ROOT, "Ceiling: 3x3 convolution 64->64 on 16x112x112 **%.0f GFLOP/s**, "
                + "2048x2048 matrix product **%.0f GFLOP/s**.%n%n", ceiling[0], ceiling[1]));
        md.append("| pipeline | raw training img/s | trainer img/s (with augmentation) "
                + "| trainer / raw (median per epoch) | latency ms/face (in memory) | latency ms/face (from file) "
                + "| raw inference img/s (fastest of the three ways below) | folder detect img/s "
                + "| folder / raw (median per round) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        out.print(md);
        List<Path> files = new ArrayList<>(data.samples().stream().map(AnnotatedSample::image).distinct().toList());
        StringBuilder sharing = new StringBuilder(), pngs = new StringBuilder();
        int groupSize = 0;
        // The same faces as PNG files, for whole-image models: a format that is decoded whole, by ImageJ's reader.
        Path pngDir = Files.createTempDirectory("bench-png");
        List<Path> pngFiles;
        try {
            pngFiles = PipelineBenchmark.pngCopies(files, pngDir);
        } catch (IOException | RuntimeException e) {
            PipelineBenchmark.deleteFolder(pngDir);
            throw e;
        }
        try {
            for (Pipeline p : pipelines) {
                LandmarkSet set = p == Pipeline.NOSE ? LandmarkSets.noseOf(data.landmarks()) : data.landmarks();
                ModelConfig cfg = Architectures.preset(p, p.defaultArchitecture(), set);
                DatasetSplit s = new DatasetSplit(split.train().selectPoints(set),
                        split.validation().selectPoints(set));
                TrainingSettings ts = TrainingSettings.defaults(p).withEpochs(epochs + 1);
                PipelineBenchmark.TrainerSpeed speed = PipelineBenchmark.realTraining(cfg, s, ts, 1, true, device);
                double raw = speed.rawPerSecond(), real = speed.imagesPerSecond(), ratio = speed.ratio();
                ModelBundle bundle = BuiltinModels.available(p.id()) ? BuiltinModels.load(p.id()) : null;
                String row;
                if (bundle != null) {
                    List<FaceBox> boxes = p.cropsFaces()
                            ? data.samples().stream().map(AnnotatedSample::boxOrPointExtent).toList() : null;
                    List<Path> images = p.cropsFaces()
                            ? data.samples().stream().map(AnnotatedSample::image).toList() : files;
                    PipelineBenchmark.DetectionSpeed d = PipelineBenchmark.detection(bundle, images, boxes, 48, device,
                            p.cropsFaces() ? null : pngFiles);
                    String withFinder = Double.isNaN(d.rawWithFinderPerSecond()) ? "" : String.format(Locale.ROOT,
                            " (%.1f with the face model finding boxes)", d.rawWithFinderPerSecond());
                    String rawInference = String.format(Locale.ROOT, "%.1f", d.rawPerSecond()) + withFinder;
                    boolean folder = !Double.isNaN(d.folderPerSecond());
                    row = String.format(Locale.ROOT, "| %s/%s | %.1f | %.1f | %.0f%% | %.1f | %.1f | %s | %s | %s |%n",
                            p, cfg.architecture(), raw, real, 100 * ratio, d.latencyMs(), d.latencyFromFileMs(),
                            rawInference,
                            folder ? String.format(Locale.ROOT, "%.1f", d.folderPerSecond()) : "(needs boxes)",
                            folder ? String.format(Locale.ROOT, "%.0f%%", 100 * d.folderRatio()) : "");
                    if (!Double.isNaN(d.pngFolderPerSecond())) {
                        pngs.append(String.format(Locale.ROOT, "%s%s %.1f img/s (%.0f%% of raw inference)",
                                pngs.length() == 0 ? "" : "; ", p, d.pngFolderPerSecond(), 100 * d.pngFolderRatio()));
                    }
                    if (!Double.isNaN(d.rawGroupPerCorePerSecond())) {
                        sharing.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", p,
                                d.rawOneBatchPerSecond(), d.rawGroupPerSecond(), d.rawGroupPerCorePerSecond()));
                        groupSize = d.group();
                    }
                } else {
                    row = String.format(Locale.ROOT, "| %s/%s | %.1f | %.1f | %.0f%% | (no built-in model) | | | | |%n",
                            p, cfg.architecture(), raw, real, 100 * ratio);
                }
                out.print(row);
                md.append(row);
            }
        } finally {
            PipelineBenchmark.deleteFolder(pngDir);
        }
        if (pngs.length() > 0) {
            print(md, String.format(Locale.ROOT, "%nFolder detection over the same faces as PNG files, which are "
                    + "decoded whole by ImageJ's reader (median per round): %s.%n", pngs));
        }
        if (sharing.length() > 0) {
            // The ceiling above is the faster of the two in each round; the folder detection runs a batch per core.
            print(md, String.format(Locale.ROOT, "%nRaw inference, the cores sharing it three ways (own network only, "
                    + "median per round; the folder detection runs a batch of %d per core):%n%n"
                    + "| pipeline | batches of 16 one at a time, all cores on each, img/s "
                    + "| batches of %d one at a time, img/s | a batch of %d per core at once, img/s |%n"
                    + "|---|---|---|---|%n", groupSize, groupSize, groupSize) + sharing);
        }
        if (pipelines.contains(Pipeline.FACE) && BuiltinModels.available("face")) {
            ModelConfig cfg = Architectures.preset(Pipeline.FACE, Pipeline.FACE.defaultArchitecture(),
                    data.landmarks());
            int cores = Runtime.getRuntime().availableProcessors();
            StringBuilder sweep = new StringBuilder(String.format(Locale.ROOT, "%nThreads (face/%s, libtorch intra-op "
                    + "threads, rounds interleaved, best of three):%n%n"
                    + "| threads | raw training img/s | raw inference img/s (batch 16) |%n|---|---|---|%n",
                    cfg.architecture()));
            List<PipelineBenchmark.ThreadSpeed> threads = PipelineBenchmark.threadSweep(BuiltinModels.load("face"),
                    TrainingSettings.defaults(Pipeline.FACE), cores, device);
            for (PipelineBenchmark.ThreadSpeed t : threads) {
                sweep.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f |%n", t.threads(), t.trainPerSecond(),
                        t.inferPerSecond()));
            }
            print(md, sweep.toString());
        }
        if (pipelines.contains(Pipeline.UNET)) {
            // The heatmaps' resolution: a quarter of the input (the preset) against half, trained the same way.
            ModelConfig quarter = Architectures.preset(Pipeline.UNET, "unet", data.landmarks());
            ModelConfig half = quarter.withSetting("output_stride", new JsonPrimitive(2));
            double[] speed = PipelineBenchmark.rawTrainingInterleaved(List.of(quarter, half),
                    TrainingSettings.defaults(Pipeline.UNET), 6, device);
            print(md, String.format(Locale.ROOT, "%nUNet heatmap resolution, raw training, rounds interleaved, best "
                    + "of three: %dx%d maps (stride 4) %.1f img/s, %dx%d maps (stride 2) %.1f img/s: stride 4 is %.2fx "
                    + "as fast.%n", quarter.heatmap().width(), quarter.heatmap().height(), speed[0],
                    half.heatmap().width(), half.heatmap().height(), speed[1], speed[0] / speed[1]));
        }
        if (memoryEpochs > 5) {
            LandmarkSet nose = LandmarkSets.noseOf(data.landmarks());
            DatasetSplit s = new DatasetSplit(split.train().selectPoints(nose), split.validation().selectPoints(nose));
            PipelineBenchmark.TrainerSpeed mem = PipelineBenchmark.realTraining(
                    Architectures.preset(Pipeline.NOSE, "reference", nose), s,
                    TrainingSettings.defaults().withEpochs(memoryEpochs), 5, false, device);
            double growth = 100 * (mem.rssLateMb() - mem.rssEarlyMb()) / mem.rssEarlyMb();
            print(md, String.format(Locale.ROOT, "%nMemory: resident set of a %d-epoch nose run %.0f MB at epoch 5, "
                    + "%.0f MB at epoch %d (%+.1f%%); peak of this whole benchmark %.0f MB.%n", memoryEpochs,
                    mem.rssEarlyMb(), mem.rssLateMb(), memoryEpochs, growth, Measurements.rssMb()[1]));
        }
        if (report != null) AtomicFiles.writeString(report, md.toString());
        return Main.OK;
    }

    private int photos(Device device) throws Exception {
        StringBuilder md = reportHeader(device);
        md.append("| photos | faces found | decode ms/photo | face detector ms/photo | crops + ").append(model)
                .append(" ms/photo | whole photo ms (batch 1) | detector's share | folder photos/s |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        out.print(md);
        for (Path dir : photos) {
            List<Path> files = InputImages.collect(List.of(dir));
            PhotoBenchmark.PhotoSpeed s = PhotoBenchmark.measure(model, files, rounds, device);
            print(md, String.format(Locale.ROOT, "| %s (%d) | %d | %.1f | %.1f | %.1f | %.1f | %.0f%% | %.1f |%n",
                    dir.getFileName(), s.photos(), s.faces(), s.decodeMs(), s.detectorMs(), s.landmarksMs(),
                    s.photoMs(), 100 * s.detectorMs() / s.photoMs(), s.folderPhotosPerSecond()));
        }
        if (report != null) AtomicFiles.writeString(report, md.toString());
        return Main.OK;
    }

    /** A part of the report, shown as it is measured and kept for --out. */
    private void print(StringBuilder md, String part) {
        out.print(part);
        md.append(part);
    }

    /** The report's opening: the machine, the engine and the command that measured it, as typed after bench. */
    private StringBuilder reportHeader(Device device) {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        List<String> afterBench = args.subList(args.indexOf(spec.name()) + 1, args.size());
        return new StringBuilder().append("Measured ").append(LocalDate.now()).append(" on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores (").append(Measurements.cpuModel())
                .append("), ").append(DeepLearning.describeEngine()).append(", device ").append(device).append(".\n\n")
                .append("Command: `java -jar target/facial-keypoints.jar bench ").append(String.join(" ", afterBench))
                .append("`\n\n");
    }
}
