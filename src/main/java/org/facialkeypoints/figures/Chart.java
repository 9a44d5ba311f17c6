package org.facialkeypoints.figures;

import ij.gui.Plot;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A line chart drawn by ImageJ's own {@link Plot}: the same picture in a Fiji plot window and, rendered without a
 * display, in a PNG. Points that cannot be drawn (NaN, or not above zero on a logarithmic axis) are left out.
 */
public final class Chart {

    private record Series(String name, double[] x, double[] y, Color color) {}

    private record Reference(String label, double y) {}

    /** The colours of the series in order (matplotlib's first ones, which readers of the field know). */
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
        new Color(148, 103, 189), new Color(255, 127, 14), new Color(23, 190, 207), new Color(140, 86, 75)};
    private static final Color REFERENCE = new Color(90, 90, 90);
    private static final float LINE_WIDTH = 1.8f;
    private static final int TITLE_SIZE = 13, TITLE_BAND = 18;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();

    public Chart(String title, String xLabel, String yLabel, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logY = logY;
    }

    public Chart add(String name, double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("x and y lengths differ");
        series.add(new Series(name, x.clone(), y.clone(), PALETTE[series.size() % PALETTE.length]));
        return this;
    }

    /** A labelled horizontal reference line, such as a target value. */
    public Chart reference(String label, double y) {
        references.add(new Reference(label, y));
        return this;
    }

    /** The chart as an ImageJ plot of {@code width} x {@code height} pixels, margins and legend included. */
    public Plot plot(int width, int height) {
        Plot plot = new Plot(title, xLabel, yLabel);
        plot.setSize(width, height);
        if (logY) plot.setLogScaleY();
        double[] range = range();
        plot.setLimits(range[0], range[1], range[2], range[3]);
        plot.setLineWidth(LINE_WIDTH);
        StringBuilder legend = new StringBuilder();
        for (Series s : series) {
            double[][] drawn = drawable(s);
            if (drawn[0].length == 0) continue;
            plot.setColor(s.color);
            plot.addPoints(drawn[0], drawn[1], Plot.LINE);
            legend.append(legend.length() == 0 ? "" : "\n").append(s.name);
        }
        plot.setLineWidth(1);
        plot.setJustification(Plot.RIGHT);
        for (Reference r : references) {
            // Labelled at the right end, where curves that fall toward a target have mostly passed it.
            plot.setColor(REFERENCE);
            plot.drawDottedLine(range[0], r.y, range[1], r.y, 3);
            plot.addText(r.label, range[1] - 0.01 * (range[1] - range[0]), r.y);
        }
        plot.setColor(Color.BLACK);
        if (legend.length() > 0) plot.setLegend(legend.toString(), Plot.TOP_RIGHT);
        return plot;
    }

    /**
     * The chart drawn without a display, as an RGB image: the plot under a band with the title, which a plot
     * window shows in its title bar instead (Plot's own top margin, 15 px, is too narrow for a line of text).
     */
    public BufferedImage render(int width, int height) {
        ImageProcessor chart = plot(width, height - TITLE_BAND).getProcessor().convertToRGB();
        ColorProcessor out = new ColorProcessor(width, height);
        out.setColor(Color.WHITE);
        out.fill();
        out.insert(chart, 0, TITLE_BAND);
        out.setColor(Color.BLACK);
        out.setFont(new Font(Font.SANS_SERIF, Font.BOLD, TITLE_SIZE));
        out.setAntialiasedText(true);
        out.drawString(title, Plot.LEFT_MARGIN, TITLE_BAND + 4);
        return out.getBufferedImage();
    }

    private double[][] drawable(Series s) {
        double[] x = new double[s.x.length], y = new double[s.x.length];
        int n = 0;
        for (int i = 0; i < s.x.length; i++) {
            if (!Double.isFinite(s.x[i]) || !Double.isFinite(s.y[i]) || (logY && s.y[i] <= 0)) continue;
            x[n] = s.x[i];
            y[n++] = s.y[i];
        }
        return new double[][] {Arrays.copyOf(x, n), Arrays.copyOf(y, n)};
    }

    /** x and y limits that hold every drawable point and reference line: {xmin, xmax, ymin, ymax}. */
    private double[] range() {
        double xmin = Double.MAX_VALUE, xmax = -Double.MAX_VALUE, ymin = Double.MAX_VALUE, ymax = -Double.MAX_VALUE;
        for (Series s : series) {
            double[][] d = drawable(s);
            for (int i = 0; i < d[0].length; i++) {
                xmin = Math.min(xmin, d[0][i]);
                xmax = Math.max(xmax, d[0][i]);
                ymin = Math.min(ymin, d[1][i]);
                ymax = Math.max(ymax, d[1][i]);
            }
        }
        for (Reference r : references) {
            ymin = Math.min(ymin, r.y);
            ymax = Math.max(ymax, r.y);
        }
        if (xmin > xmax) return new double[] {0, 1, logY ? 0.1 : 0, 1};
        if (xmax == xmin) xmax = xmin + 1;
        if (logY) return new double[] {xmin, xmax, ymin / 1.25, ymax * 1.25};
        double ylo = Math.min(0, ymin), yhi = ymax > ylo ? ymax + 0.05 * (ymax - ylo) : ylo + 1;
        return new double[] {xmin, xmax, ylo, yhi};
    }
}
