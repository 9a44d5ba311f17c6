package org.facialkeypoints.data;

import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.io.AtomicFiles;
import org.facialkeypoints.landmarks.Landmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the dlib / iBUG 300-W XML layout: {@code <images>} of {@code <image file>} elements, each with a
 * {@code <box top left width height>} per face holding {@code <part name x y>} elements. Part names are the point
 * indices, as in dlib's files; coordinates and boxes are integers there, so they are rounded to whole pixels.
 */
public final class IbugXmlWriter {

    private IbugXmlWriter() {}

    public static String text(List<AnnotatedSample> faces, Path relativeTo, String name) {
        Map<String, StringBuilder> byImage = new LinkedHashMap<>();
        for (AnnotatedSample s : faces) {
            String file = relativeTo == null ? s.imageName()
                    : relativeTo.toAbsolutePath().relativize(s.image().toAbsolutePath()).toString().replace('\\', '/');
            StringBuilder b = byImage.computeIfAbsent(file, k -> new StringBuilder());
            FaceBox box = s.boxOrPointExtent();
            // dlib boxes are whole pixels: left..left+width-1 inclusive.
            long left = Math.round(box.left() + 0.5), top = Math.round(box.top() + 0.5);
            b.append(String.format(Locale.ROOT, "    <box top='%d' left='%d' width='%d' height='%d'>%n", top, left,
                    Math.max(1, Math.round(box.width())), Math.max(1, Math.round(box.height()))));
            Landmarks p = s.points();
            for (int i = 0; i < p.size(); i++) {
                b.append(String.format(Locale.ROOT, "      <part name='%02d' x='%d' y='%d'/>%n", i, Math.round(p.x(i)), Math.round(p.y(i))));
            }
            b.append("    </box>\n");
        }
        StringBuilder out = new StringBuilder("<?xml version='1.0' encoding='UTF-8'?>\n<dataset>\n<name>")
                .append(escape(name)).append("</name>\n<images>\n");
        byImage.forEach((file, boxes) -> out.append("  <image file='").append(escape(file)).append("'>\n").append(boxes).append("  </image>\n"));
        return out.append("</images>\n</dataset>\n").toString();
    }

    public static void write(Path xml, List<AnnotatedSample> faces, String name) throws IOException {
        AtomicFiles.writeString(xml, text(faces, xml.toAbsolutePath().getParent(), name));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;").replace("\"", "&quot;");
    }
}
