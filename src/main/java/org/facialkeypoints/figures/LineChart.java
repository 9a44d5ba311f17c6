package org.facialkeypoints.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain line chart drawn with Java2D: axes with ticks, optional logarithmic y axis, a legend. */
public final class LineChart {

    private record Series(String name, double[] x, double[] y, Color color, boolean dashed) {}

    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
        new Color(148, 103, 189), new Color(255, 127, 14), new Color(23, 190, 207), new Color(140, 86, 75)};

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();
    private final List<double[]> horizontalLines = new ArrayList<>();
    private final List<String> horizontalLabels = new ArrayList<>();

    public LineChart(String title, String xLabel, String yLabel, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logY = logY;
    }

    public LineChart add(String name, double[] x, double[] y) {
        return add(name, x, y, PALETTE[series.size() % PALETTE.length], false);
    }

    public LineChart add(String name, double[] x, double[] y, Color color, boolean dashed) {
        if (x.length != y.length) throw new IllegalArgumentException("x and y lengths differ");
        series.add(new Series(name, x.clone(), y.clone(), color, dashed));
        return this;
    }

    /** A labelled horizontal reference line, such as a target value. */
    public LineChart reference(String label, double y) {
        horizontalLines.add(new double[] {y});
        horizontalLabels.add(label);
        return this;
    }

    public BufferedImage render(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        int left = 70, right = 20, top = 36, bottom = 48;
        int pw = width - left - right, ph = height - top - bottom;

        double xmin = Double.MAX_VALUE, xmax = -Double.MAX_VALUE, ymin = Double.MAX_VALUE, ymax = -Double.MAX_VALUE;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                if (!Double.isFinite(s.y[i]) || (logY && s.y[i] <= 0)) continue;
                xmin = Math.min(xmin, s.x[i]);
                xmax = Math.max(xmax, s.x[i]);
                ymin = Math.min(ymin, s.y[i]);
                ymax = Math.max(ymax, s.y[i]);
            }
        }
        for (double[] h : horizontalLines) {
            ymin = Math.min(ymin, h[0]);
            ymax = Math.max(ymax, h[0]);
        }
        if (xmin > xmax) { xmin = 0; xmax = 1; ymin = logY ? 0.1 : 0; ymax = 1; }
        if (xmax == xmin) xmax = xmin + 1;
        double ylo, yhi;
        if (logY) {
            ylo = Math.floor(Math.log10(ymin));
            yhi = Math.ceil(Math.log10(ymax));
            if (yhi == ylo) yhi = ylo + 1;
        } else {
            ylo = Math.min(0, ymin);
            yhi = ymax + 0.05 * (ymax - ylo);
            if (yhi == ylo) yhi = ylo + 1;
        }
        final double fxmin = xmin, fxmax = xmax, fylo = ylo, fyhi = yhi;
        java.util.function.DoubleUnaryOperator px = v -> left + (v - fxmin) / (fxmax - fxmin) * pw;
        java.util.function.DoubleUnaryOperator py = v -> {
            double t = logY ? (Math.log10(v) - fylo) / (fyhi - fylo) : (v - fylo) / (fyhi - fylo);
            return top + ph - t * ph;
        };

        // Grid and ticks.
        g.setStroke(new BasicStroke(1f));
        if (logY) {
            for (int e = (int) ylo; e <= (int) yhi; e++) {
                for (int m = 1; m < 10; m++) {
                    double v = m * Math.pow(10, e);
                    if (Math.log10(v) > yhi + 1e-9) break;
                    int y = (int) Math.round(py.applyAsDouble(v));
                    g.setColor(m == 1 ? new Color(200, 200, 200) : new Color(235, 235, 235));
                    g.drawLine(left, y, left + pw, y);
                    if (m == 1) {
                        g.setColor(Color.DARK_GRAY);
                        String t = String.format(Locale.ROOT, "1e%d", e);
                        g.drawString(t, left - 6 - fm.stringWidth(t), y + 4);
                    }
                }
            }
        } else {
            for (double v : ticks(ylo, yhi)) {
                int y = (int) Math.round(py.applyAsDouble(v));
                g.setColor(new Color(225, 225, 225));
                g.drawLine(left, y, left + pw, y);
                g.setColor(Color.DARK_GRAY);
                String t = format(v);
                g.drawString(t, left - 6 - fm.stringWidth(t), y + 4);
            }
        }
        for (double v : ticks(xmin, xmax)) {
            int x = (int) Math.round(px.applyAsDouble(v));
            g.setColor(new Color(235, 235, 235));
            g.drawLine(x, top, x, top + ph);
            g.setColor(Color.DARK_GRAY);
            String t = format(v);
            g.drawString(t, x - fm.stringWidth(t) / 2, top + ph + 16);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, pw, ph);

        // Reference lines.
        for (int k = 0; k < horizontalLines.size(); k++) {
            int y = (int) Math.round(py.applyAsDouble(horizontalLines.get(k)[0]));
            g.setColor(new Color(120, 120, 120));
            g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            g.drawLine(left, y, left + pw, y);
            g.drawString(horizontalLabels.get(k), left + pw - fm.stringWidth(horizontalLabels.get(k)) - 4, y - 4);
        }

        // Series.
        for (Series s : series) {
            Path2D path = new Path2D.Double();
            boolean started = false;
            for (int i = 0; i < s.x.length; i++) {
                if (!Double.isFinite(s.y[i]) || (logY && s.y[i] <= 0)) continue;
                double x = px.applyAsDouble(s.x[i]), y = py.applyAsDouble(s.y[i]);
                if (!started) {
                    path.moveTo(x, y);
                    started = true;
                } else {
                    path.lineTo(x, y);
                }
            }
            g.setColor(s.color);
            g.setStroke(s.dashed ? new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[] {5, 4}, 0)
                    : new BasicStroke(1.8f));
            g.draw(path);
        }

        // Labels and legend.
        g.setColor(Color.BLACK);
        g.setFont(g.getFont().deriveFont(Font.BOLD, 14f));
        g.drawString(title, left, 22);
        g.setFont(g.getFont().deriveFont(Font.PLAIN, 12f));
        g.drawString(xLabel, left + pw / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, height - 12);
        Graphics2D rot = (Graphics2D) g.create();
        rot.rotate(-Math.PI / 2);
        rot.drawString(yLabel, -(top + ph / 2 + g.getFontMetrics().stringWidth(yLabel) / 2), 16);
        rot.dispose();
        int ly = top + 8, legend = 0;
        for (Series s : series) legend = Math.max(legend, g.getFontMetrics().stringWidth(s.name) + 36);
        for (Series s : series) {
            int lx = left + pw - legend - 6;
            g.setColor(new Color(255, 255, 255, 220));
            g.fillRect(lx - 4, ly - 2, legend + 4, 16);
            g.setColor(s.color);
            g.setStroke(new BasicStroke(2.5f));
            g.drawLine(lx, ly + 7, lx + 22, ly + 7);
            g.setColor(Color.BLACK);
            g.drawString(s.name, lx + 28, ly + 11);
            ly += 17;
        }
        g.dispose();
        return img;
    }

    static List<Double> ticks(double lo, double hi) {
        double span = hi - lo;
        double step = Math.pow(10, Math.floor(Math.log10(span / 5)));
        if (span / step > 10) step *= 2;
        if (span / step > 10) step *= 2.5;
        List<Double> out = new ArrayList<>();
        for (double v = Math.ceil(lo / step) * step; v <= hi + 1e-12; v += step) out.add(Math.abs(v) < 1e-15 ? 0 : v);
        return out;
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) return String.format(Locale.ROOT, "%d", (long) v);
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
