package org.facialkeypoints.figures;

import org.facialkeypoints.detect.HeatmapResult;
import org.facialkeypoints.detect.KeypointDetector;
import org.facialkeypoints.geometry.Affine2D;
import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.image.Resampling;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Pictures of heatmaps: a map over the face crop, and the same face's maps as training goes on. */
public final class HeatmapFigures {

    private HeatmapFigures() {}

    /** The face crop the model saw, in gray, with the map (scaled to its maximum) laid over it in warm colours. */
    public static BufferedImage overlay(GrayImage image, HeatmapResult h, float[] map, int size) {
        float max = 1e-12f;
        for (float v : map) max = Math.max(max, v);
        return overlay(image, h, map, size, max);
    }

    /** As {@link #overlay(GrayImage, HeatmapResult, float[], int)} with a given value for full colour, so several tiles share one scale. */
    public static BufferedImage overlay(GrayImage image, HeatmapResult h, float[] map, int size, float max) {
        Affine2D cropToImage = Affine2D.resize(size, size, h.window().inputWidth(), h.window().inputHeight()).then(h.window().toOriginal());
        GrayImage crop = Resampling.warp(image, cropToImage, size, size, 0);
        Affine2D cropToMap = Affine2D.resize(size, size, h.width(), h.height());
        GrayImage heat = Resampling.warp(new GrayImage(h.width(), h.height(), map), cropToMap, size, size, 0);
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double g = Math.max(0, Math.min(255, crop.get(x, y))) / 255.0 * 0.75;
                double t = Math.max(0, Math.min(1, heat.get(x, y) / max));
                double[] c = fire(t);
                double a = Math.min(1, t * 1.6);
                int r = (int) (255 * ((1 - a) * g + a * c[0])), gg = (int) (255 * ((1 - a) * g + a * c[1])), b = (int) (255 * ((1 - a) * g + a * c[2]));
                out.setRGB(x, y, (r << 16) | (gg << 8) | b);
            }
        }
        return out;
    }

    /** ImageJ's "Fire" in spirit: black, purple, red, orange, yellow, white. */
    static double[] fire(double t) {
        double r = Math.min(1, 1.6 * t), g = Math.max(0, Math.min(1, 2 * t - 0.6)), b = t < 0.3 ? t * 1.5 : Math.max(0, 2.5 * t - 1.5);
        return new double[] {r, g, Math.min(1, b)};
    }

    /** A strip of labelled tiles. */
    public static BufferedImage strip(List<BufferedImage> tiles, List<String> labels) {
        int w = tiles.get(0).getWidth(), h = tiles.get(0).getHeight(), gap = 4, band = 22;
        BufferedImage out = new BufferedImage(tiles.size() * (w + gap) + gap, h + band + gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int i = 0; i < tiles.size(); i++) {
            int x = gap + i * (w + gap);
            g.drawImage(tiles.get(i), x, band, null);
            g.setColor(Color.BLACK);
            g.drawString(labels.get(i), x + 4, 16);
        }
        g.dispose();
        return out;
    }

    /** One point's map and the sum of all maps for one face. */
    public static BufferedImage pointAndSum(KeypointDetector d, GrayImage image, FaceBox box, int point) {
        HeatmapResult h = d.heatmaps(image, box);
        List<BufferedImage> tiles = new ArrayList<>();
        tiles.add(overlay(image, h, new float[h.width() * h.height()], 280));
        tiles.add(overlay(image, h, h.map(point), 280));
        tiles.add(overlay(image, h, h.sum(), 280));
        return strip(tiles, List.of("face crop (model input)", "heatmap: " + d.config().landmarks().name(point), "sum of all " + h.points() + " maps"));
    }
}
