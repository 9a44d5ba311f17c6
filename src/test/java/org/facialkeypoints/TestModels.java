package org.facialkeypoints;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.bundle.NetworkWeights;
import org.facialkeypoints.engine.DeepLearning;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.model.Architectures;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.Networks;
import org.facialkeypoints.model.Pipeline;

/** Untrained models for tests of formats and plumbing, where accuracy does not matter. */
public final class TestModels {

    private TestModels() {}

    /** A randomly initialized nose model. */
    public static ModelBundle randomNose() {
        ModelConfig cfg = Architectures.preset(Pipeline.NOSE, "reference", LandmarkSets.IMM_NOSE);
        try (NDManager m = DeepLearning.engine().newBaseManager()) {
            Block b = Networks.create(cfg, m);
            JsonObject metrics = new JsonObject();
            metrics.addProperty("note", "untrained");
            return new ModelBundle(cfg, new JsonObject(), metrics, NetworkWeights.of(b));
        }
    }
}
