package org.facialkeypoints.cli;

import org.facialkeypoints.bundle.BuiltinModels;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.data.AnnotatedSample;
import org.facialkeypoints.data.Dataset;
import org.facialkeypoints.data.DatasetLoader;
import org.facialkeypoints.data.DatasetSplit;
import org.facialkeypoints.detect.HeatmapResult;
import org.facialkeypoints.detect.KeypointDetector;
import org.facialkeypoints.figures.HeatmapFigures;
import org.facialkeypoints.figures.ModelFigures;
import org.facialkeypoints.figures.PngFiles;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.image.ImageFiles;
import org.facialkeypoints.landmarks.LandmarkSets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code figures}: the pictures that explain a trained model, as PNG files. */
@Command(name = "figures", sortOptions = false, abbreviateSynopsis = true,
        header = "draw a model's loss curves, best/worst faces, filters and training inputs",
        description = {"With --model, --data and --out DIR: writes NAME-loss.png (training and validation loss per "
                + "epoch), NAME-best-worst.png (the two best and two worst validation faces, truth green, prediction "
                + "red), NAME-filters.png (the first convolution's filters) and NAME-augmented.png (training inputs "
                + "after augmentation, with their points). Heatmap models also get NAME-heatmaps.png (one point's map "
                + "and the sum of all maps on a fixed validation face) and, with --emergence, NAME-emergence.png: "
                + "that face's summed maps at each snapshot.",
            "With --compare and --out FILE.png: plots validation MSE against training time for several trained "
                + "models and prints, for each, the seconds at which it first reached the target."})
final class FiguresCommand extends CliCommand {

    @Option(names = "--model", paramLabel = "NAME|FILE", description = "the model to draw")
    String model;

    @Option(names = "--data", paramLabel = "DIR|FILE", description = "annotated faces, as train reads them")
    Path data;

    @Option(names = "--out", paramLabel = "DIR|FILE",
            description = "the folder of the figures; with --compare the PNG file")
    Path output;

    @Option(names = "--name", paramLabel = "NAME", description = "the figures' file name start (default the "
            + "model's pipeline)")
    String name;

    @Option(names = "--split", paramLabel = "val|all", converter = OptionTypes.SplitChoices.class,
            completionCandidates = OptionTypes.SplitChoices.class,
            description = "which faces to rank (default ${DEFAULT-VALUE}, as in evaluate)")
    String split = "val";

    @Mixin
    SplitOptions randomSplit;

    @Option(names = "--point", paramLabel = "N", description = "the point whose map is drawn (default the nose "
            + "pipeline's point)")
    Integer point;

    @Option(names = "--emergence", paramLabel = "A.zip,B.zip,..", split = ",", hideParamSyntax = true,
            description = "snapshots from train --snapshots, for NAME-emergence.png")
    List<String> emergence;

    @Option(names = "--compare", paramLabel = "A.zip,B.zip,..", split = ",", hideParamSyntax = true,
            description = "trained models whose validation MSE over training time is plotted")
    List<String> compare;

    @Option(names = "--labels", paramLabel = "A,B,..", split = ",", hideParamSyntax = true,
            description = "with --compare: one label per model (default the models' names)")
    List<String> labels;

    @Option(names = "--target", paramLabel = "MSE",
            description = "with --compare: the validation MSE to reach (default ${DEFAULT-VALUE})")
    double target = 0.0016;

    FiguresCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() throws Exception {
        if (compare != null) return compare();
        Path outDir = required(output, "--out");
        ModelBundle bundle = BuiltinModels.load(required(model, "--model"));
        String stem = name != null ? name : bundle.config().pipeline().id();
        Dataset dataset = DatasetLoader.load(required(data, "--data"));
        DatasetSplit parts = randomSplit.split(dataset);
        Dataset ranked = "all".equals(split) ? dataset : parts.validation();
        if (!bundle.config().landmarks().sameAs(dataset.landmarks())) {
            ranked = ranked.selectPoints(bundle.config().landmarks());
            parts = new DatasetSplit(parts.train().selectPoints(bundle.config().landmarks()), ranked);
        }
        String title = bundle.config().pipeline() + "/" + bundle.config().architecture();
        PngFiles.write(ModelFigures.lossCurves(bundle, title + ": loss per epoch"), outDir.resolve(stem + "-loss.png"));
        try (KeypointDetector d = new KeypointDetector(bundle)) {
            PngFiles.write(ModelFigures.bestAndWorst(d, ranked), outDir.resolve(stem + "-best-worst.png"));
        }
        PngFiles.write(ModelFigures.firstLayerFilters(bundle), outDir.resolve(stem + "-filters.png"));
        PngFiles.write(ModelFigures.augmentedSamples(bundle.config(), parts.train(),
                ModelFigures.trainedAugmentation(bundle), 8, 1), outDir.resolve(stem + "-augmented.png"));
        if (bundle.config().pipeline().heatmaps()) heatmaps(bundle, ranked.samples().get(0), outDir, stem);
        out.println("Figures written to " + outDir + " (" + stem + "-*.png)");
        return Main.OK;
    }

    /** One fixed validation face: its maps now, and (with --emergence) as training went on. */
    private void heatmaps(ModelBundle bundle, AnnotatedSample face, Path outDir, String stem) throws Exception {
        GrayImage gray = ImageFiles.readGray(face.image());
        int p = point != null ? point : Math.max(0, LandmarkSets.nosePoint(bundle.config().landmarks()));
        try (KeypointDetector d = new KeypointDetector(bundle)) {
            PngFiles.write(HeatmapFigures.pointAndSum(d, gray, face.boxOrPointExtent(), p),
                    outDir.resolve(stem + "-heatmaps.png"));
        }
        if (emergence == null) return;
        List<BufferedImage> tiles = new ArrayList<>();
        List<String> tileLabels = new ArrayList<>();
        List<HeatmapResult> maps = new ArrayList<>();
        for (String m : emergence) {
            try (KeypointDetector d = new KeypointDetector(BuiltinModels.load(m.trim()))) {
                maps.add(d.heatmaps(gray, face.boxOrPointExtent()));
            }
        }
        // One colour scale for the whole strip, the last snapshot's: a flat early map then stays dark.
        float max = 1e-12f;
        for (float v : maps.get(maps.size() - 1).sum()) max = Math.max(max, v);
        for (int k = 0; k < emergence.size(); k++) {
            tiles.add(HeatmapFigures.overlay(gray, maps.get(k), maps.get(k).sum(), 200, max));
            String f = Path.of(emergence.get(k).trim()).getFileName().toString();
            tileLabels.add(f.contains("-epoch") ? "epoch " + f.replaceAll(".*-epoch(\\d+)\\.zip", "$1") : "final");
        }
        PngFiles.write(HeatmapFigures.strip(tiles, tileLabels), outDir.resolve(stem + "-emergence.png"));
    }

    private int compare() throws Exception {
        List<String> names = labels != null ? labels : compare;
        if (names.size() != compare.size()) throw new UsageException("--labels needs one label per model");
        List<ModelBundle> runs = new ArrayList<>();
        for (String m : compare) runs.add(BuiltinModels.load(m.trim()));
        PngFiles.write(ModelFigures.timeToAccuracy(runs, names, target, "Validation MSE over training time"),
                required(output, "--out"));
        for (int i = 0; i < runs.size(); i++) {
            out.printf(Locale.ROOT, "%s: first reached %.4f after %.0f s%n", names.get(i), target,
                    ModelFigures.secondsToReach(runs.get(i), target));
        }
        return Main.OK;
    }
}
