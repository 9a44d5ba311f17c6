package org.facialkeypoints.cli;

import org.facialkeypoints.bundle.BuiltinModels;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.data.Dataset;
import org.facialkeypoints.data.DatasetLoader;
import org.facialkeypoints.data.DatasetSplit;
import org.facialkeypoints.detect.KeypointDetector;
import org.facialkeypoints.figures.ModelFigures;
import org.facialkeypoints.figures.PngFiles;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/** {@code figures}: the pictures that explain a trained model, as PNG files. */
final class FiguresCommand implements Main.Command {

    @Override
    public String summary() { return "draw a model's loss curves, best/worst faces, filters and training inputs"; }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: figures --model <name|model.zip> --data <dir> --out <dir> [--name NAME]",
                "",
                "Writes NAME-loss.png (training and validation loss per epoch), NAME-best-worst.png (the two best and",
                "two worst validation faces, truth green, prediction red), NAME-filters.png (the first convolution's",
                "filters) and NAME-augmented.png (training inputs after augmentation, with their points).",
                "  --split val|all    which faces to rank (default val, as in evaluate)");
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of("model", "data", "out", "name", "split", "val-fraction", "split-seed"), Set.of());
        String model = a.require("model");
        Path outDir = Path.of(a.require("out"));
        ModelBundle bundle = BuiltinModels.load(model);
        String name = a.get("name", bundle.config().pipeline().id());
        Dataset data = DatasetLoader.load(Path.of(a.require("data")));
        DatasetSplit split = DatasetSplit.auto(data, a.getDouble("val-fraction", 0.2), a.getLong("split-seed", 1));
        Dataset ranked = "all".equals(a.get("split", "val")) ? data : split.validation();
        if (!bundle.config().landmarks().sameAs(data.landmarks())) {
            ranked = ranked.selectPoints(bundle.config().landmarks());
            split = new DatasetSplit(split.train().selectPoints(bundle.config().landmarks()), ranked);
        }
        String title = bundle.config().pipeline() + "/" + bundle.config().architecture();
        PngFiles.write(ModelFigures.lossCurves(bundle, title + ": loss per epoch"), outDir.resolve(name + "-loss.png"));
        try (KeypointDetector d = new KeypointDetector(bundle)) {
            PngFiles.write(ModelFigures.bestAndWorst(d, ranked), outDir.resolve(name + "-best-worst.png"));
        }
        PngFiles.write(ModelFigures.firstLayerFilters(bundle), outDir.resolve(name + "-filters.png"));
        PngFiles.write(ModelFigures.augmentedSamples(bundle.config(), split.train(), ModelFigures.trainedAugmentation(bundle), 8, 1),
                outDir.resolve(name + "-augmented.png"));
        out.println("Figures written to " + outDir + " (" + name + "-*.png)");
        return Main.OK;
    }
}
