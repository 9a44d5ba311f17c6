package org.facialkeypoints.data;

import org.facialkeypoints.io.AtomicFiles;
import org.facialkeypoints.landmarks.Landmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes IMM-style AAM shape files, so corrected points become training data for {@link ImmAsfReader}. Points are
 * written as one closed path each (the IMM files' grouping into paths is not kept: readers use only positions).
 */
public final class ImmAsfWriter {

    private ImmAsfWriter() {}

    public static String text(Landmarks points, int imageWidth, int imageHeight, String imageName) {
        StringBuilder b = new StringBuilder();
        b.append("######################################################################\n");
        b.append("#\n#    AAM Shape File  -  written by Facial Keypoints for Fiji\n#\n");
        b.append("######################################################################\n\n");
        b.append("#\n# number of model points\n#\n").append(points.size()).append("\n\n");
        b.append("#\n# model points\n#\n# format: <path#> <type> <x rel.> <y rel.> <point#> <connects from> <connects to>\n#\n");
        int n = points.size();
        for (int i = 0; i < n; i++) {
            // Relative coordinates span the image's outer edges, the inverse of the reader's mapping.
            double rx = (points.x(i) + 0.5) / imageWidth, ry = (points.y(i) + 0.5) / imageHeight;
            b.append(String.format(Locale.ROOT, "0 \t0 \t%.8f \t%.8f \t%d \t%d \t%d%n", rx, ry, i, (i + n - 1) % n, (i + 1) % n));
        }
        b.append("\n#\n# host image\n#\n").append(imageName).append('\n');
        return b.toString();
    }

    public static void write(Path asf, Landmarks points, int imageWidth, int imageHeight, String imageName) throws IOException {
        AtomicFiles.writeString(asf, text(points, imageWidth, imageHeight, imageName));
    }
}
