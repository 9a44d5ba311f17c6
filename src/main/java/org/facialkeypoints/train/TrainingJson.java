package org.facialkeypoints.train;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.facialkeypoints.augment.AugmentationSettings;
import org.facialkeypoints.eval.ErrorSummary;

import java.util.ArrayList;
import java.util.List;

/**
 * Training settings and epoch history as JSON, for bundles (how a model was made) and checkpoints (what a resume
 * must match, and where it continues).
 */
public final class TrainingJson {

    /** Records to and from JSON by their component names in snake case; a NaN loss is written as NaN, not refused. */
    static final Gson GSON = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .serializeSpecialFloatingPointValues().create();

    /** One epoch in a history; the validation figures are null (and left out) for runs without validation. */
    record HistoryEntry(int epoch, double trainLoss, Double valLoss, Integer valFaces, Double valMseNorm,
                        Double valMaePx, Double valMeanErrPx, Double valNmeIod, double learningRate, double seconds,
                        boolean best) {

        static HistoryEntry of(EpochReport r) {
            ErrorSummary v = r.validation();
            return new HistoryEntry(r.epoch(), r.trainLoss(), Double.isNaN(r.valLoss()) ? null : r.valLoss(),
                    v == null ? null : v.faces(), v == null ? null : v.mseNorm(), v == null ? null : v.maePx(),
                    v == null ? null : v.meanErrPx(), v == null || Double.isNaN(v.nme()) ? null : v.nme(),
                    r.learningRate(), r.elapsedSeconds(), r.best());
        }

        /** The report again, for a run of {@code epochs} epochs on {@code points} points (no time left to estimate). */
        EpochReport report(int epochs, int points) {
            ErrorSummary v = valMseNorm == null ? null
                    : new ErrorSummary(valFaces, points, valMseNorm, valMaePx, valMeanErrPx,
                            valNmeIod == null ? Double.NaN : valNmeIod, List.of());
            return new EpochReport(epoch, epochs, trainLoss, valLoss == null ? Double.NaN : valLoss, v, learningRate,
                    seconds, 0, best);
        }
    }

    private TrainingJson() {}

    /** Every epoch's losses, validation figures, learning rate and time, in order. */
    public static JsonArray history(List<EpochReport> history) {
        JsonArray a = new JsonArray();
        for (EpochReport r : history) a.add(GSON.toJsonTree(HistoryEntry.of(r)));
        return a;
    }

    static List<EpochReport> reports(List<HistoryEntry> history, int epochs, int points) {
        List<EpochReport> out = new ArrayList<>(history.size());
        for (HistoryEntry e : history) out.add(e.report(epochs, points));
        return out;
    }

    /** The settings as bundles and checkpoints store them: snake case, the schedule and loss by their ids. */
    private record SettingsJson(int epochs, int batchSize, double learningRate, String schedule, double weightDecay,
                                long seed, String loss, String initialization, AugmentationJson augmentation) {}

    private record AugmentationJson(double rotationDegrees, double translation, double minScale, double maxScale,
                                    double brightness, double contrast, boolean flip) {}

    public static JsonObject settings(TrainingSettings s) {
        return GSON.toJsonTree(new SettingsJson(s.epochs(), s.batchSize(), s.learningRate(), s.schedule().id(),
                s.weightDecay(), s.seed(), s.loss().id(), s.initialization(), augmentationJson(s.augmentation())))
                .getAsJsonObject();
    }

    private static AugmentationJson augmentationJson(AugmentationSettings a) {
        return new AugmentationJson(a.maxRotationDegrees(), a.maxTranslation(), a.minScale(), a.maxScale(),
                a.brightness(), a.contrast(), a.flip());
    }

    /**
     * The settings stored by {@link #settings}.
     *
     * @throws IllegalArgumentException when a setting is missing or out of range
     */
    public static TrainingSettings settingsFrom(JsonObject o) {
        SettingsJson s = GSON.fromJson(o, SettingsJson.class);
        AugmentationJson a = s.augmentation();
        if (a == null || s.schedule() == null || s.loss() == null) {
            throw new IllegalArgumentException("the training settings lack their augmentation, schedule or loss");
        }
        AugmentationSettings aug = new AugmentationSettings(a.rotationDegrees(), a.translation(), a.minScale(),
                a.maxScale(), a.brightness(), a.contrast(), a.flip());
        return new TrainingSettings(s.epochs(), s.batchSize(), s.learningRate(), Schedule.fromId(s.schedule()),
                s.weightDecay(), s.seed(), aug, LossKind.fromId(s.loss()), s.initialization());
    }
}
