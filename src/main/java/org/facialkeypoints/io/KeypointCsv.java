package org.facialkeypoints.io;

import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.Landmarks;

import java.util.Locale;

/**
 * The keypoint table: one row per point, columns {@code image,face,point,name,x,y} in original pixels (pixel
 * centres at integer coordinates), {@code score} (the face detector's score for the face, empty where the box was
 * given or the whole image was the face), plus {@code confidence} when the model gives one. A coordinate that is not
 * a finite number is written as an empty cell, never as NaN or Infinity.
 */
public final class KeypointCsv {

    private final StringBuilder text = new StringBuilder();
    private final boolean withConfidence;

    public KeypointCsv(boolean withConfidence) {
        this.withConfidence = withConfidence;
        text.append(HEADER).append(withConfidence ? ",confidence" : "").append('\n');
    }

    /** The columns every table has; {@code confidence} follows for models that give one. */
    public static final String HEADER = "image,face,point,name,x,y,score";

    /** One face's rows; a NaN score leaves its column empty. */
    public void add(String image, int face, LandmarkSet set, Landmarks points, double[] confidence, double score) {
        String scoreText = Double.isNaN(score) ? "" : String.format(Locale.ROOT, "%.4f", score);
        for (int i = 0; i < points.size(); i++) {
            text.append(quote(image)).append(',').append(face).append(',').append(i).append(',').append(quote(set.name(i)))
                    .append(',');
            appendFixed(text, points.x(i));
            text.append(',');
            appendFixed(text, points.y(i));
            text.append(',').append(scoreText);
            if (withConfidence) {
                text.append(',');
                if (confidence != null) appendFixed(text, confidence[i]);
            }
            text.append('\n');
        }
    }

    public String text() { return text.toString(); }

    /** The header line, as {@link #text} starts. */
    public String header() { return HEADER + (withConfidence ? ",confidence" : ""); }

    /** The rows added so far, without the header line. */
    public String rows() { return text.substring(header().length() + 1); }

    static String format(double v) {
        StringBuilder sb = new StringBuilder();
        appendFixed(sb, v);
        return sb.toString();
    }

    /**
     * v with three decimals, rounded half up, as %.3f writes it but without the formatter, which cost more per
     * face than the network's share on the command line's folder detection.
     */
    static void appendFixed(StringBuilder sb, double v) {
        // A NaN or infinite value is never written as a number: the cell stays empty.
        if (!Double.isFinite(v)) return;
        if (Math.abs(v) >= 1e12) {
            sb.append(String.format(Locale.ROOT, "%.3f", v));
            return;
        }
        long m = Math.round(Math.abs(v) * 1000);
        if (v < 0 && m != 0) sb.append('-');
        sb.append(m / 1000).append('.');
        long frac = m % 1000;
        if (frac < 100) sb.append('0');
        if (frac < 10) sb.append('0');
        sb.append(frac);
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
