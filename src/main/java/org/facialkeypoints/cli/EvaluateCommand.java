package org.facialkeypoints.cli;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import org.facialkeypoints.data.Dataset;
import org.facialkeypoints.data.DatasetLoader;
import org.facialkeypoints.detect.FaceFinder;
import org.facialkeypoints.detect.KeypointDetector;
import org.facialkeypoints.engine.DeepLearning;
import org.facialkeypoints.eval.ErrorSummary;
import org.facialkeypoints.eval.Evaluator;
import org.facialkeypoints.eval.FaceError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/** {@code evaluate}: scores a model on annotated faces; the last line is a JSON object for scripts. */
@Command(name = "evaluate", sortOptions = false, abbreviateSynopsis = true,
        header = "measure a model's error on annotated faces (last line: JSON)",
        description = "Needs --model and --data.",
        footer = {"", "Measures: mse_norm = mean of ((x-x')/W)^2 and ((y-y')/H)^2 over points and images (W x H the "
                + "image); mae_px = mean absolute coordinate error in pixels; mean_err_px = mean point-to-point "
                + "distance; nme_iod = mean distance over the outer-eye-corner distance, where the points include the "
                + "eye corners."})
final class EvaluateCommand extends CliCommand {

    @Option(names = "--model", paramLabel = "NAME|FILE", required = true,
            description = "a built-in model or a model bundle")
    String model;

    @Option(names = "--data", paramLabel = "DIR|FILE", required = true, description = "annotated faces, as train "
            + "reads them (IMM .asf or 300-W .pts folder, iBUG .xml, TPS, CSV, ImageJ selections)")
    Path data;

    @Option(names = "--split", paramLabel = "val|all", converter = OptionTypes.SplitChoices.class,
            completionCandidates = OptionTypes.SplitChoices.class,
            description = "val: the validation part (IMM: persons 33-40; else the seeded random split that train "
                    + "uses); all: every face (default ${DEFAULT-VALUE})")
    String split = "val";

    @Mixin
    SplitOptions randomSplit;

    @Option(names = "--per-image", description = "print every face's error, best first")
    boolean perImage;

    @Option(names = "--boxes", paramLabel = "data|detector", converter = OptionTypes.BoxChoices.class,
            completionCandidates = OptionTypes.BoxChoices.class,
            description = "data (default): face-crop models look in the data's boxes (or the points' extent where "
                    + "it has none), as they were trained; detector: every face is found with the YuNet face "
                    + "detector, as on new photos, and scored with the found face that overlaps it (IoU >= "
                    + Evaluator.MATCH_IOU + "); faces it misses are counted apart")
    String boxes = "data";

    @Mixin
    FaceDetectorOptions faceDetector;

    @Mixin
    EngineOptions engine;

    @Mixin
    DataAccessOptions dataAccess;

    EvaluateCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() throws Exception {
        dataAccess.apply();
        Dataset dataset = DatasetLoader.load(data);
        Dataset subset = "all".equals(split) ? dataset : randomSplit.split(dataset).validation();
        if (subset.size() == 0) throw new UsageException("no faces to evaluate in " + subset.description());
        engine.configureThreads();
        Evaluator.Evaluation result;
        double msPerFace;
        try (KeypointDetector detector = KeypointDetector.load(model, engine.device)) {
            out.println("Model: " + detector.config().pipeline() + "/" + detector.config().architecture() + ", "
                    + detector.config().landmarks());
            out.println("Device: " + detector.device() + " (" + DeepLearning.describeEngine() + ")");
            out.println("Data: " + subset.description() + " (" + subset.size() + " faces)");
            List<String> notes = subset.notes();
            if (!notes.isEmpty()) {
                // One line: the first note in full, the files of the others.
                List<String> others = notes.subList(1, notes.size()).stream().map(n -> n.split(":", 2)[0]).toList();
                out.println("Repaired on reading: " + notes.get(0) + (others.isEmpty() ? ""
                        : " (and " + others.size() + " more: " + String.join(", ", others) + ")"));
            }
            if ("detector".equals(boxes)) faceDetector.use(detector);
            FaceFinder finder = detector.faceFinder();
            new Evaluator().evaluate(detector, subset.withSamples("warm-up", subset.samples().subList(0, 1)), finder);
            long t0 = System.nanoTime();
            result = new Evaluator().evaluate(detector, subset, finder);
            msPerFace = (System.nanoTime() - t0) / 1e6 / subset.size();
        }
        ErrorSummary summary = result.summary();
        if (summary.faces() == 0) {
            throw new UsageException("the face detector found none of the " + subset.size() + " faces");
        }
        if (perImage) {
            for (FaceError e : summary.ranked()) {
                out.printf(Locale.ROOT, "  %-24s mse_norm %.6f  mae %.2f px  mean err %.2f px%n", e.image(),
                        e.mseNorm(), e.maePx(), e.meanErrPx());
            }
        }
        out.printf(Locale.ROOT, "%d faces, %d points each: mse_norm %.6f, mae %.2f px, mean error %.2f px%s%n",
                summary.faces(), summary.pointsPerFace(), summary.mseNorm(), summary.maePx(), summary.meanErrPx(),
                Double.isNaN(summary.nme()) ? "" : String.format(Locale.ROOT, ", NME %.4f", summary.nme()));
        List<FaceError> ranked = summary.ranked();
        out.println("Best: " + ranked.get(0).image() + ", worst: " + ranked.get(ranked.size() - 1).image());
        if ("detector".equals(boxes)) {
            out.println("Faces the detector missed: " + result.missed() + " of " + subset.size());
        }
        JsonObject json = summary.toJson();
        if ("detector".equals(boxes)) json.addProperty("missed", result.missed());
        JsonObject bySubset = new JsonObject();
        for (String sub : new TreeSet<>(result.subsets().stream().filter(Objects::nonNull).toList())) {
            ErrorSummary e = result.of(sub);
            out.printf(Locale.ROOT, "  %-6s %4d faces: NME %.4f, mean error %.2f px%n", sub, e.faces(), e.nme(),
                    e.meanErrPx());
            bySubset.add(sub, e.toJson());
        }
        if (bySubset.size() > 0) json.add("subsets", bySubset);
        json.addProperty("images", subset.imageCount());
        json.addProperty("model", model);
        json.addProperty("split", split);
        json.addProperty("boxes", boxes);
        json.addProperty("ms_per_face", Math.round(msPerFace * 10) / 10.0);
        out.println(new Gson().toJson(json));
        return Main.OK;
    }
}
