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
                "Heatmap models also get NAME-heatmaps.png (one point's map and the sum of all maps on a fixed",
                "validation face) and, with --emergence a.zip,b.zip,... (snapshots from train --snapshots),",
                "NAME-emergence.png: that face's summed maps at each snapshot.",
                "  --point N          the point whose map is drawn (default the nose pipeline's point)",
                "  --split val|all    which faces to rank (default val, as in evaluate)",
                "",
                "usage: figures --compare a.zip,b.zip [--labels A,B] [--target 0.0016] --out <file.png>",
                "Plots validation MSE against training time for several trained models and prints, for each, the",
                "seconds at which it first reached the target.");
    }

    private static int compare(Args a, PrintStream out) throws Exception {
        String[] models = a.get("compare", "").split(",");
        String[] labels = a.has("labels") ? a.get("labels", "").split(",") : models;
        if (labels.length != models.length) throw new UsageException("--labels needs one label per model");
        double target = a.getDouble("target", 0.0016);
        java.util.List<ModelBundle> runs = new java.util.ArrayList<>();
        for (String m : models) runs.add(BuiltinModels.load(m.trim()));
        PngFiles.write(ModelFigures.timeToAccuracy(runs, java.util.List.of(labels), target, "Validation MSE over training time"), Path.of(a.require("out")));
        for (int i = 0; i < runs.size(); i++) {
            out.printf(java.util.Locale.ROOT, "%s: first reached %.4f after %.0f s%n", labels[i], target, ModelFigures.secondsToReach(runs.get(i), target));
        }
        return Main.OK;
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of("model", "data", "out", "name", "split", "val-fraction", "split-seed", "compare", "labels", "target", "emergence", "point"), Set.of());
        if (a.has("compare")) return compare(a, out);
        String model = a.require("model");
        Path outDir = Path.of(a.require("out"));
        ModelBundle bundle = BuiltinModels.load(model);
        String name = a.get("name", bundle.config().pipeline().id());
        Dataset data = DatasetLoader.load(Path.of(a.require("data")));
        DatasetSplit split = DatasetSplit.auto(data, a.has("val-fraction") ? a.getDouble("val-fraction", 0) : null, a.getLong("split-seed", 1));
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
        if (bundle.config().pipeline().heatmaps()) {
            // One fixed validation face: its maps now, and (with --emergence) as training went on.
            var face = ranked.samples().get(0);
            var gray = org.facialkeypoints.image.ImageFiles.readGray(face.image());
            int point = a.getInt("point", Math.max(0, org.facialkeypoints.landmarks.LandmarkSets.nosePoint(bundle.config().landmarks())));
            try (KeypointDetector d = new KeypointDetector(bundle)) {
                PngFiles.write(org.facialkeypoints.figures.HeatmapFigures.pointAndSum(d, gray, face.boxOrPointExtent(), point), outDir.resolve(name + "-heatmaps.png"));
            }
            if (a.has("emergence")) {
                java.util.List<java.awt.image.BufferedImage> tiles = new java.util.ArrayList<>();
                java.util.List<String> labels = new java.util.ArrayList<>();
                java.util.List<org.facialkeypoints.detect.HeatmapResult> maps = new java.util.ArrayList<>();
                String[] snaps = a.get("emergence", "").split(",");
                for (String m : snaps) {
                    try (KeypointDetector d = new KeypointDetector(BuiltinModels.load(m.trim()))) {
                        maps.add(d.heatmaps(gray, face.boxOrPointExtent()));
                    }
                }
                // One colour scale for the whole strip, the last snapshot's: a flat early map then stays dark.
                float max = 1e-12f;
                for (float v : maps.get(maps.size() - 1).sum()) max = Math.max(max, v);
                for (int k = 0; k < snaps.length; k++) {
                    String m = snaps[k];
                    tiles.add(org.facialkeypoints.figures.HeatmapFigures.overlay(gray, maps.get(k), maps.get(k).sum(), 200, max));
                    String f = Path.of(m.trim()).getFileName().toString();
                    labels.add(f.contains("-epoch") ? "epoch " + f.replaceAll(".*-epoch(\\d+)\\.zip", "$1") : "final");
                }
                PngFiles.write(org.facialkeypoints.figures.HeatmapFigures.strip(tiles, labels), outDir.resolve(name + "-emergence.png"));
            }
        }
        out.println("Figures written to " + outDir + " (" + name + "-*.png)");
        return Main.OK;
    }
}
