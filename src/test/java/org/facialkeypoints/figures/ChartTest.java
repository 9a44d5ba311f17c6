package org.facialkeypoints.figures;

import com.google.gson.JsonArray;
import org.facialkeypoints.bundle.BuiltinModels;
import org.facialkeypoints.bundle.ModelBundle;
import org.junit.jupiter.api.Test;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Charts drawn by ImageJ's Plot without a display: the loss curves of a shipped model's recorded history. */
class ChartTest {

    private static final int BLUE = 0x1f77b4, RED = 0xd62728;

    private static int pixels(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) if ((image.getRGB(x, y) & 0xffffff) == rgb) n++;
        }
        return n;
    }

    @Test
    void theLossCurvesOfAShippedModelAreDrawnHeadless() throws IOException {
        assertTrue(GraphicsEnvironment.isHeadless(), "the tests run without a display");
        ModelBundle face = BuiltinModels.load("face");
        JsonArray history = face.training().getAsJsonArray("history");
        assertTrue(history.size() > 10, "the shipped model records its history");
        BufferedImage png = ModelFigures.lossCurves(face, "face: loss per epoch");
        assertEquals(LossChart.WIDTH, png.getWidth());
        assertEquals(LossChart.HEIGHT, png.getHeight());
        // Both curves are there, each a line across most of the plot's width.
        assertTrue(pixels(png, BLUE) > LossChart.WIDTH / 2, "training curve");
        assertTrue(pixels(png, RED) > LossChart.WIDTH / 2, "validation curve");
    }

    @Test
    void pointsALogAxisCannotShowAreLeftOut() {
        double[] epochs = {1, 2, 3, 4};
        double[] none = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        BufferedImage trainOnly = LossChart.of("run", "mse", epochs, new double[] {0.5, 0.2, 0, 0.1}, none)
                .render(400, 300);
        assertTrue(pixels(trainOnly, BLUE) > 50);
        assertEquals(0, pixels(trainOnly, RED), "no validation, no red curve");
        BufferedImage empty = new Chart("nothing", "x", "y", true).reference("target", 0.01).render(400, 300);
        assertEquals(400, empty.getWidth());
    }
}
