package org.facialkeypoints.figures;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.facialkeypoints.augment.Augmentation;
import org.facialkeypoints.augment.AugmentationSettings;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.bundle.NamedTensor;
import org.facialkeypoints.data.AnnotatedSample;
import org.facialkeypoints.data.Dataset;
import org.facialkeypoints.detect.FaceKeypoints;
import org.facialkeypoints.detect.KeypointDetector;
import org.facialkeypoints.eval.Evaluator;
import org.facialkeypoints.eval.FaceError;
import org.facialkeypoints.image.ImageFiles;
import org.facialkeypoints.image.ImageSource;
import org.facialkeypoints.landmarks.Landmarks;
import org.facialkeypoints.model.CoordinateCodec;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.OutputCodec;
import org.facialkeypoints.train.BatchAssembler;
import org.facialkeypoints.train.ExamplePreparation;
import org.facialkeypoints.train.TrainingExample;
import org.facialkeypoints.train.TrainingJson;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** The pictures that explain a trained model: its loss curves, best and worst faces, filters, and training inputs. */
public final class ModelFigures {

    private ModelFigures() {}

    /** Training and validation loss per epoch, from the history the bundle records. */
    public static BufferedImage lossCurves(ModelBundle bundle, String title) {
        return LossChart.of(bundle, title).render(LossChart.WIDTH, LossChart.HEIGHT);
    }

    /** Validation MSE against training seconds for several runs, with a reference line (a target). */
    public static BufferedImage timeToAccuracy(List<ModelBundle> runs, List<String> labels, double target, String title) {
        Chart chart = new Chart(title, "training time (s)", "validation MSE (normalized)", true);
        for (int k = 0; k < runs.size(); k++) {
            JsonArray history = runs.get(k).training().getAsJsonArray("history");
            double[] t = new double[history.size()], v = new double[history.size()];
            for (int i = 0; i < t.length; i++) {
                JsonObject o = history.get(i).getAsJsonObject();
                t[i] = o.get("seconds").getAsDouble();
                v[i] = o.has("val_mse_norm") ? o.get("val_mse_norm").getAsDouble() : Double.NaN;
            }
            chart.add(labels.get(k), t, v);
        }
        chart.reference(String.format(Locale.ROOT, "%.4f", target), target);
        return chart.render(760, 440);
    }

    /** Seconds into training at which validation MSE first reached the target, or NaN. */
    public static double secondsToReach(ModelBundle run, double target) {
        for (JsonElement e : run.training().getAsJsonArray("history")) {
            JsonObject o = e.getAsJsonObject();
            if (o.has("val_mse_norm") && o.get("val_mse_norm").getAsDouble() <= target) return o.get("seconds").getAsDouble();
        }
        return Double.NaN;
    }

    /** The two best and two worst faces of the data: truth in green, prediction in red, error in the corner. */
    public static BufferedImage bestAndWorst(KeypointDetector detector, Dataset data) throws IOException {
        List<FaceError> ranked = new Evaluator().evaluate(detector, data).ranked();
        List<FaceError> pick = new ArrayList<>(ranked.subList(0, 2));
        pick.addAll(ranked.subList(ranked.size() - 2, ranked.size()));
        int[] index = Evaluator.dataIndices(detector.config().landmarks(), data.landmarks());
        List<BufferedImage> tiles = new ArrayList<>();
        for (int k = 0; k < pick.size(); k++) {
            FaceError e = pick.get(k);
            AnnotatedSample s = data.samples().stream().filter(x -> x.imageName().equals(e.image())).findFirst().orElseThrow();
            var imp = ImageFiles.open(s.image());
            FaceKeypoints found = detector.detect(ImageFiles.readGray(s.image()), detector.config().pipeline().cropsFaces() ? s.boxOrPointExtent() : null);
            tiles.add(PointOverlay.of(imp).points(s.points().reordered(index), PointOverlay.TRUTH).points(found.points(), PointOverlay.PREDICTED)
                    .label(String.format(Locale.ROOT, "%s %s: %.1f px", k < 2 ? "best" : "worst", s.imageName(), e.meanErrPx()), java.awt.Color.WHITE)
                    .image());
        }
        return Montage.grid(tiles, 2, 480, 360);
    }

    /** The first convolution's filters, each normalized to its own range, enlarged. */
    public static BufferedImage firstLayerFilters(ModelBundle bundle) {
        NamedTensor w = bundle.weights().stream().filter(t -> t.shape().length == 4).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the model has no convolution"));
        int count = (int) w.shape()[0], kh = (int) w.shape()[2], kw = (int) w.shape()[3];
        int per = (int) (w.shape()[1] * kh * kw);
        List<BufferedImage> tiles = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            float[] k = new float[kh * kw];
            System.arraycopy(w.data(), f * per, k, 0, kh * kw);
            double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
            for (float v : k) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            tiles.add(Montage.enlarge(Montage.gray(k, kw, kh, lo, hi), Math.max(1, 48 / Math.max(kw, kh))));
        }
        return Montage.grid(tiles, Math.min(8, count), 48, 48);
    }

    /** Training inputs as the network sees them after augmentation, with their target points. */
    public static BufferedImage augmentedSamples(ModelConfig cfg, Dataset data, AugmentationSettings augmentation, int count, long seed)
            throws IOException {
        List<AnnotatedSample> picks = new ArrayList<>(data.samples());
        picks.sort(Comparator.comparing(AnnotatedSample::imageName));
        java.util.Collections.shuffle(picks, new Random(seed));
        picks = picks.subList(0, Math.min(count, picks.size()));
        List<TrainingExample> ex = ExamplePreparation.prepare(picks, cfg, ExamplePreparation.AUGMENTATION_MARGIN, ImageSource.FILES, 2);
        int w = cfg.inputWidth(), h = cfg.inputHeight();
        OutputCodec codec = new OutputCodec.Coordinates(cfg.landmarks().size(), w, h);
        BatchAssembler assembler = new BatchAssembler(ex, augmentation, codec, cfg.landmarks(), 1, seed, w, h);
        Random rnd = new Random(seed);
        List<BufferedImage> tiles = new ArrayList<>();
        for (TrainingExample e : ex) {
            float[] input = new float[w * h], target = new float[codec.targetSize()];
            assembler.render(e, Augmentation.draw(augmentation, rnd), input, 0, target, 0);
            Landmarks p = CoordinateCodec.decode(target, 0, cfg.landmarks().size(), w, h);
            BufferedImage gray = Montage.gray(input, w, h, -0.5, 0.5);
            tiles.add(new PointOverlay(gray).points(p, PointOverlay.TRUTH).image());
        }
        return Montage.grid(tiles, 4, w * 2, h * 2);
    }

    public static AugmentationSettings trainedAugmentation(ModelBundle bundle) {
        JsonObject t = bundle.training();
        if (t.has("settings")) return TrainingJson.settingsFrom(t.getAsJsonObject("settings")).augmentation();
        return AugmentationSettings.DEFAULT;
    }
}
