package org.facialkeypoints.bundle;

import com.google.gson.JsonObject;
import org.facialkeypoints.model.ModelConfig;

import java.util.List;

/**
 * A trained model as it travels: its configuration, a summary of how it was trained, its measured metrics and its
 * weights. A bundle holds data only, never code.
 */
public record ModelBundle(ModelConfig config, JsonObject training, JsonObject metrics, List<NamedTensor> weights,
                          String description) {

    public ModelBundle {
        training = training == null ? new JsonObject() : training.deepCopy();
        metrics = metrics == null ? new JsonObject() : metrics.deepCopy();
        weights = List.copyOf(weights);
        description = description == null ? "" : description.strip();
    }

    /** A bundle without a description. */
    public ModelBundle(ModelConfig config, JsonObject training, JsonObject metrics, List<NamedTensor> weights) {
        this(config, training, metrics, weights, "");
    }

    /**
     * What a person should know before using the model, in the bundle itself: for models trained on the 300-W
     * annotations, their research-only terms and citation.
     */
    public ModelBundle withDescription(String text) { return new ModelBundle(config, training, metrics, weights, text); }

    @Override
    public JsonObject training() { return training.deepCopy(); }

    @Override
    public JsonObject metrics() { return metrics.deepCopy(); }

    public long parameterCount() {
        return weights.stream().mapToLong(NamedTensor::size).sum();
    }

    public ModelBundle withMetrics(JsonObject m) { return new ModelBundle(config, training, m, weights, description); }

    public ModelBundle withTraining(JsonObject t) { return new ModelBundle(config, t, metrics, weights, description); }
}
