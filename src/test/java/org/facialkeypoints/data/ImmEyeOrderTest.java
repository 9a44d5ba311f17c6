package org.facialkeypoints.data;

import org.facialkeypoints.TestData;
import org.facialkeypoints.landmarks.Landmarks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImmEyeOrderTest {

    /** The files the IMM database itself ships with one eye listed from its inner corner. */
    private static final Set<String> REVERSED = Set.of("06-5m", "10-4m", "18-4m", "33-3m", "36-4m", "36-5m", "36-6m", "39-3m", "40-5m");

    private static List<Path> files;

    @TempDir
    Path dir;

    @BeforeAll
    static void list() throws IOException {
        files = DatasetLoader.list(TestData.imm(), ".asf");
        assertEquals(240, files.size());
    }

    @Test
    void theNineReversedFilesAreRepairedAndNoOtherIsTouched() throws IOException {
        Set<String> repaired = new TreeSet<>();
        for (Path f : files) {
            String stem = f.getFileName().toString().replace(".asf", "");
            AnnotatedSample s = ImmAsfReader.read(f);
            Landmarks raw = rawPoints(f);
            if (s.notes().isEmpty()) {
                assertEquals(raw, s.points(), stem + " was changed without a note");
                continue;
            }
            repaired.add(stem);
            assertEquals(1, s.notes().size(), stem + ": one eye, one note: " + s.notes());
            assertTrue(s.notes().get(0).startsWith(stem + ".asf: ") && s.notes().get(0).contains("inner corner"), s.notes().get(0));
            // Only one eye's eight points move, and they are the same points in another order.
            int moved = 0;
            for (int i = 0; i < 58; i++) if (raw.x(i) != s.points().x(i) || raw.y(i) != s.points().y(i)) moved++;
            assertTrue(moved > 0 && moved <= 8, stem + ": " + moved + " points moved");
        }
        assertEquals(new TreeSet<>(REVERSED), repaired);
    }

    @Test
    void afterRepairEveryEyeHasTheMajoritysGeometry() throws IOException {
        for (Path f : files) {
            Landmarks p = ImmAsfReader.read(f).points();
            String name = f.getFileName().toString();
            double faceCentre = 0;
            for (int i = 0; i < 58; i++) faceCentre += p.x(i) / 58;
            for (int eye : new int[] {13, 21}) {
                int other = eye == 13 ? 21 : 13;
                double ox = 0, oy = 0;
                for (int k = 0; k < 8; k++) {
                    ox += p.x(other + k) / 8;
                    oy += p.y(other + k) / 8;
                }
                // The first point is the outer corner: farther from the other eye than point 4, the inner corner.
                assertTrue(Math.hypot(p.x(eye) - ox, p.y(eye) - oy) > 1.2 * Math.hypot(p.x(eye + 4) - ox, p.y(eye + 4) - oy), name + " eye " + eye);
                // The first point lies on the eye's outer side, away from the face's centre, and the eye's corners
                // keep their sides of the image: the subject's left eye (13-20) is on the image's right.
                double ex = 0;
                for (int k = 0; k < 8; k++) ex += p.x(eye + k) / 8;
                assertTrue((p.x(eye) - ex) * (ex - faceCentre) > 0, name + " eye " + eye + ": first point on the inner side");
                if (eye == 13) assertTrue(p.x(eye) > p.x(eye + 4), name);
                else assertTrue(p.x(eye) < p.x(eye + 4), name);
                // Point 2 is on the upper lid, point 6 on the lower.
                assertTrue(p.y(eye + 2) < p.y(eye + 6), name + " eye " + eye + ": upper lid above the lower");
            }
        }
    }

    @Test
    void aReversedEyeIsFoundByItsShapeNotByItsFileName() throws IOException {
        // A correct file with its right eye written in the nine files' order, under another name.
        Path source = TestData.immFile("35-2f.asf");
        List<String> lines = Files.readAllLines(source);
        List<String> pointLines = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\\s+");
            if (!lines.get(i).startsWith("#") && f.length >= 7) {
                pointLines.add(lines.get(i));
                at.add(i);
            }
        }
        List<String> out = new ArrayList<>(lines);
        for (int k = 0; k < 8; k++) {
            // Coordinates of point 21 + (4 - k) mod 8 on line 21 + k, keeping the other fields.
            String[] mine = pointLines.get(21 + k).trim().split("\\s+");
            String[] from = pointLines.get(21 + Math.floorMod(4 - k, 8)).trim().split("\\s+");
            mine[2] = from[2];
            mine[3] = from[3];
            out.set(at.get(21 + k), String.join(" ", mine));
        }
        Files.copy(TestData.immFile("35-2f.jpg"), dir.resolve("35-2f.jpg"));
        Path copy = dir.resolve("any-name.asf");
        Files.write(copy, out);

        AnnotatedSample original = ImmAsfReader.read(source), repaired = ImmAsfReader.read(copy);
        assertTrue(original.notes().isEmpty());
        assertNotEquals(rawPoints(copy), repaired.points());
        assertEquals(1, repaired.notes().size());
        assertTrue(repaired.notes().get(0).contains("right eye (points 21-28)"), repaired.notes().get(0));
        for (int i = 0; i < 58; i++) {
            assertEquals(original.points().x(i), repaired.points().x(i), 1e-9, "point " + i);
            assertEquals(original.points().y(i), repaired.points().y(i), 1e-9, "point " + i);
        }
    }

    @Test
    void shapesOfOtherSizesAreLeftAlone() {
        double[] x = {1, 2, 3}, y = {4, 5, 6};
        assertTrue(ImmEyeOrder.repair(x, y).isEmpty());
        assertEquals(2, x[1]);
    }

    /** The file's points as listed, in pixels, the reader's way (relative times size, less half a pixel). */
    private static Landmarks rawPoints(Path asf) throws IOException {
        List<double[]> pts = new ArrayList<>();
        for (String line : Files.readAllLines(asf)) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#")) continue;
            String[] f = t.split("\\s+");
            if (f.length >= 7) pts.add(new double[] {Double.parseDouble(f[2]) * 640 - 0.5, Double.parseDouble(f[3]) * 480 - 0.5});
        }
        double[] x = new double[pts.size()], y = new double[pts.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = pts.get(i)[0];
            y[i] = pts.get(i)[1];
        }
        return new Landmarks(x, y);
    }
}
