package org.facialkeypoints.bundle;

import com.google.gson.JsonObject;
import org.facialkeypoints.model.ModelConfig;

import java.util.List;

/**
 * A trained model as it travels: its configuration, a summary of how it was trained, its measured metrics and its
 * weights. A bundle holds data only, never code.
 */
public record ModelBundle(ModelConfig config, JsonObject training, JsonObject metrics, List<NamedTensor> weights) {

    public ModelBundle {
        training = training == null ? new JsonObject() : training.deepCopy();
        metrics = metrics == null ? new JsonObject() : metrics.deepCopy();
        weights = List.copyOf(weights);
    }

    @Override
    public JsonObject training() { return training.deepCopy(); }

    @Override
    public JsonObject metrics() { return metrics.deepCopy(); }

    public long parameterCount() {
        return weights.stream().mapToLong(NamedTensor::size).sum();
    }

    public ModelBundle withMetrics(JsonObject m) { return new ModelBundle(config, training, m, weights); }

    public ModelBundle withTraining(JsonObject t) { return new ModelBundle(config, t, metrics, weights); }
}
