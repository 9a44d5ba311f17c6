package org.facialkeypoints.figures;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.facialkeypoints.bundle.ModelBundle;

/**
 * Training and validation loss per epoch on a logarithmic axis: one chart for the PNG that {@code figures} writes
 * from a bundle's history and for the plot Fiji redraws after every epoch of a run, so the two look the same.
 */
public final class LossChart {

    /** The size of the PNG and of the live plot, in pixels. */
    public static final int WIDTH = 720, HEIGHT = 420;

    private LossChart() {}

    /** The chart of one run; {@code val} holds NaN for epochs without validation, {@code lossName} may be null. */
    public static Chart of(String title, String lossName, double[] epochs, double[] train, double[] val) {
        return new Chart(title, "epoch", lossName == null ? "loss" : "loss (" + lossName + ")", true)
                .add("training (augmented)", epochs, train).add("validation", epochs, val);
    }

    /** The chart of the history a bundle records. */
    public static Chart of(ModelBundle bundle, String title) {
        JsonObject training = bundle.training();
        JsonArray history = training.has("history") ? training.getAsJsonArray("history") : new JsonArray();
        int n = history.size();
        double[] epoch = new double[n], train = new double[n], val = new double[n];
        for (int i = 0; i < n; i++) {
            JsonObject o = history.get(i).getAsJsonObject();
            epoch[i] = o.get("epoch").getAsDouble();
            train[i] = o.get("train_loss").getAsDouble();
            val[i] = o.has("val_loss") ? o.get("val_loss").getAsDouble() : Double.NaN;
        }
        return of(title, lossName(training), epoch, train, val);
    }

    private static String lossName(JsonObject training) {
        JsonElement s = training.get("settings");
        boolean named = s != null && s.isJsonObject() && s.getAsJsonObject().has("loss");
        return named ? s.getAsJsonObject().get("loss").getAsString() : null;
    }
}
