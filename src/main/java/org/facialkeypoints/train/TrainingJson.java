package org.facialkeypoints.train;

import com.google.gson.JsonObject;
import org.facialkeypoints.augment.AugmentationSettings;

/** Training settings as JSON, for bundles (how a model was made) and checkpoints (what a resume must match). */
public final class TrainingJson {

    private TrainingJson() {}

    public static JsonObject settings(TrainingSettings s) {
        JsonObject o = new JsonObject();
        o.addProperty("epochs", s.epochs());
        o.addProperty("batch_size", s.batchSize());
        o.addProperty("learning_rate", s.learningRate());
        o.addProperty("schedule", s.schedule().id());
        o.addProperty("weight_decay", s.weightDecay());
        o.addProperty("seed", s.seed());
        o.addProperty("loss", s.loss().id());
        o.addProperty("initialization", s.initialization());
        o.add("augmentation", augmentation(s.augmentation()));
        return o;
    }

    public static JsonObject augmentation(AugmentationSettings a) {
        JsonObject o = new JsonObject();
        o.addProperty("rotation_degrees", a.maxRotationDegrees());
        o.addProperty("translation", a.maxTranslation());
        o.addProperty("min_scale", a.minScale());
        o.addProperty("max_scale", a.maxScale());
        o.addProperty("brightness", a.brightness());
        o.addProperty("contrast", a.contrast());
        o.addProperty("flip", a.flip());
        return o;
    }

    public static TrainingSettings settingsFrom(JsonObject o) {
        JsonObject a = o.getAsJsonObject("augmentation");
        AugmentationSettings aug = new AugmentationSettings(a.get("rotation_degrees").getAsDouble(), a.get("translation").getAsDouble(),
                a.get("min_scale").getAsDouble(), a.get("max_scale").getAsDouble(), a.get("brightness").getAsDouble(),
                a.get("contrast").getAsDouble(), a.get("flip").getAsBoolean());
        return new TrainingSettings(o.get("epochs").getAsInt(), o.get("batch_size").getAsInt(), o.get("learning_rate").getAsDouble(),
                Schedule.fromId(o.get("schedule").getAsString()), o.get("weight_decay").getAsDouble(), o.get("seed").getAsLong(),
                aug, LossKind.fromId(o.get("loss").getAsString()), o.get("initialization").getAsString());
    }
}
