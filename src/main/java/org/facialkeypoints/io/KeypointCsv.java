package org.facialkeypoints.io;

import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.Landmarks;

import java.util.Locale;

/**
 * The keypoint table: one row per point, columns {@code image,face,point,name,x,y} in original pixels (pixel
 * centres at integer coordinates), plus {@code confidence} when the model gives one.
 */
public final class KeypointCsv {

    private final StringBuilder text = new StringBuilder();
    private final boolean withConfidence;

    public KeypointCsv(boolean withConfidence) {
        this.withConfidence = withConfidence;
        text.append("image,face,point,name,x,y").append(withConfidence ? ",confidence" : "").append('\n');
    }

    public void add(String image, int face, LandmarkSet set, Landmarks points, double[] confidence) {
        for (int i = 0; i < points.size(); i++) {
            text.append(quote(image)).append(',').append(face).append(',').append(i).append(',').append(quote(set.name(i)))
                    .append(',').append(format(points.x(i))).append(',').append(format(points.y(i)));
            if (withConfidence) text.append(',').append(confidence == null ? "" : format(confidence[i]));
            text.append('\n');
        }
    }

    public String text() { return text.toString(); }

    static String format(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
