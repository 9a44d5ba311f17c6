package org.facialkeypoints.figures;

import ij.ImagePlus;
import org.facialkeypoints.landmarks.Landmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;

/**
 * Draws point sets on a copy of an image: filled dots, sized to the image, optionally outlined so they read on any
 * background. Pixel centres are at integer coordinates, so a point at (x, y) is drawn centred on x + 0.5, y + 0.5 in
 * Java2D's edge-based coordinates.
 */
public final class PointOverlay {

    public static final Color PREDICTED = new Color(255, 60, 60);
    public static final Color TRUTH = new Color(40, 220, 80);

    private final BufferedImage canvas;
    private final Graphics2D g;
    private final double radius;

    public PointOverlay(BufferedImage source) {
        canvas = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
        g = canvas.createGraphics();
        g.drawImage(source, 0, 0, null);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        radius = Math.max(1.5, Math.min(source.getWidth(), source.getHeight()) / 160.0);
    }

    public static PointOverlay of(ImagePlus imp) {
        return new PointOverlay(imp.getProcessor().convertToRGB().getBufferedImage());
    }

    /**
     * The points as dots no larger than a 60th of the face's extent, so that 68 points on a face 30 px wide in a
     * group photo stay apart (the image-wide size alone drew them over each other).
     */
    public PointOverlay points(Landmarks points, Color color) {
        double extent = Math.max(points.maxX() - points.minX(), points.maxY() - points.minY());
        double r = points.size() > 1 ? Math.max(1, Math.min(radius, extent / 60)) : radius;
        for (int i = 0; i < points.size(); i++) dot(points.x(i), points.y(i), color, r);
        return this;
    }

    public PointOverlay dot(double x, double y, Color color) {
        return dot(x, y, color, radius);
    }

    private PointOverlay dot(double x, double y, Color color, double radius) {
        Ellipse2D e = new Ellipse2D.Double(x + 0.5 - radius, y + 0.5 - radius, 2 * radius, 2 * radius);
        g.setColor(color);
        g.fill(e);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke((float) Math.max(0.6, radius / 3)));
        g.draw(e);
        return this;
    }

    public PointOverlay rectangle(double left, double top, double width, double height, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke((float) Math.max(1, radius / 2)));
        g.draw(new java.awt.geom.Rectangle2D.Double(left, top, width, height));
        return this;
    }

    public PointOverlay label(String text, Color color) {
        g.setFont(g.getFont().deriveFont((float) Math.max(11, canvas.getHeight() / 28.0)));
        int h = g.getFontMetrics().getHeight();
        g.setColor(new Color(0, 0, 0, 160));
        g.fillRect(0, 0, g.getFontMetrics().stringWidth(text) + 8, h + 4);
        g.setColor(color);
        g.drawString(text, 4, h - 2);
        return this;
    }

    public BufferedImage image() {
        return canvas;
    }
}
