package org.facialkeypoints.figures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/** Tiles pictures in a grid, each scaled to the same cell size. */
public final class Montage {

    private Montage() {}

    public static BufferedImage grid(List<BufferedImage> tiles, int columns, int cellWidth, int cellHeight) {
        int rows = (tiles.size() + columns - 1) / columns;
        int gap = 4;
        BufferedImage out = new BufferedImage(columns * (cellWidth + gap) + gap, rows * (cellHeight + gap) + gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        for (int i = 0; i < tiles.size(); i++) {
            int r = i / columns, c = i % columns;
            g.drawImage(tiles.get(i), gap + c * (cellWidth + gap), gap + r * (cellHeight + gap), cellWidth, cellHeight, null);
        }
        g.dispose();
        return out;
    }

    /** Nearest-neighbour enlargement, for small things such as filters. */
    public static BufferedImage enlarge(BufferedImage src, int factor) {
        BufferedImage out = new BufferedImage(src.getWidth() * factor, src.getHeight() * factor, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(src, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }

    /** A gray picture of values, scaled from [lo, hi] to black..white. */
    public static BufferedImage gray(float[] values, int width, int height, double lo, double hi) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double t = hi > lo ? (values[y * width + x] - lo) / (hi - lo) : 0.5;
                int v = (int) Math.round(255 * Math.max(0, Math.min(1, t)));
                img.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        return img;
    }
}
