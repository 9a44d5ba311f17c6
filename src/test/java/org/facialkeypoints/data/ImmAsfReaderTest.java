package org.facialkeypoints.data;

import org.facialkeypoints.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImmAsfReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsARealShapeFileInPixels() throws IOException {
        AnnotatedSample s = ImmAsfReader.read(TestData.immFile("01-1m.asf"));
        assertEquals(58, s.points().size());
        assertEquals(640, s.imageWidth());
        assertEquals(480, s.imageHeight());
        assertEquals("01-1m.jpg", s.imageName());
        // Point 0: x rel 0.35763609, y rel 0.64077979; relative 0 is the image's left edge.
        assertEquals(0.35763609 * 640 - 0.5, s.points().x(0), 1e-9);
        assertEquals(0.64077979 * 480 - 0.5, s.points().y(0), 1e-9);
    }

    @Test
    void readsTheWholeDatabaseIncludingTenFieldFiles() throws IOException {
        Dataset d = DatasetLoader.load(TestData.imm());
        assertEquals(240, d.size());
        int tenField = 0;
        for (Path asf : DatasetLoader.list(TestData.imm(), ".asf")) {
            for (String line : Files.readAllLines(asf)) {
                if (!line.startsWith("#") && line.trim().split("\\s+").length == 10) {
                    tenField++;
                    break;
                }
            }
        }
        assertTrue(tenField > 0, "the database has files with ten fields per point");
    }

    private Path withImage(String asfText) throws IOException {
        Files.copy(TestData.immFile("01-1m.jpg"), dir.resolve("01-1m.jpg"));
        Path asf = dir.resolve("01-1m.asf");
        Files.writeString(asf, asfText);
        return asf;
    }

    private static String shape(int declared, int lines, String badLine) {
        StringBuilder b = new StringBuilder("# comment\n").append(declared).append("\n");
        for (int i = 0; i < lines; i++) {
            b.append(i == 3 && badLine != null ? badLine : "0 4 0.5 0.5 " + i + " 0 1").append('\n');
        }
        return b.append("01-1m.jpg\n").toString();
    }

    private void assertError(String text, String... fragments) throws IOException {
        Path asf = withImage(text);
        IOException e = assertThrows(IOException.class, () -> ImmAsfReader.read(asf));
        assertTrue(e.getMessage().contains(asf.toString()), "names the file: " + e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "says '" + f + "': " + e.getMessage());
    }

    @Test
    void missingPointsAreAnError() throws IOException {
        assertError(shape(58, 40, null).replace("01-1m.jpg\n", ""), "declares 58 points but has only 40");
    }

    @Test
    void badNumbersNameTheLine() throws IOException {
        assertError(shape(58, 58, "0 4 0.5 abc 3 0 1"), "line 6", "y coordinate is not a number");
        Files.delete(dir.resolve("01-1m.jpg"));
        assertError(shape(58, 58, "0 4 NaN 0.5 3 0 1"), "line 6", "not a relative position");
    }

    @Test
    void wrongPointNumbersAndShortLinesAreErrors() throws IOException {
        assertError(shape(58, 58, "0 4 0.5 0.5 7 0 1"), "line 6", "expected point number 3");
        Files.delete(dir.resolve("01-1m.jpg"));
        assertError(shape(58, 58, "0 4 0.5"), "line 6", "fields");
    }

    @Test
    void aWrongPointCountForTheDatabaseIsAnError() throws IOException {
        withImage(shape(57, 57, null));
        IOException e = assertThrows(IOException.class, () -> DatasetLoader.load(dir));
        assertTrue(e.getMessage().contains("57 points"), e.getMessage());
    }

    @Test
    void theImageMustExistBesideTheShapeFile() throws IOException {
        Path asf = dir.resolve("x.asf");
        Files.writeString(asf, shape(58, 58, null));
        IOException e = assertThrows(IOException.class, () -> ImmAsfReader.read(asf));
        assertTrue(e.getMessage().contains("01-1m.jpg") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void commentsOnlyOrEmptyFolderAreErrors() throws IOException {
        assertError("# nothing here\n\n", "no point count");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        IOException e = assertThrows(IOException.class, () -> DatasetLoader.load(empty));
        assertTrue(e.getMessage().contains("No annotated faces"), e.getMessage());
    }

    @Test
    void theHostImageNameCannotReachOutsideTheFolder() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.copy(TestData.immFile("01-1m.jpg"), dir.resolve("outside.jpg"));
        Path asf = sub.resolve("a.asf");
        Files.writeString(asf, shape(58, 58, null).replace("01-1m.jpg", "../outside.jpg"));
        IOException e = assertThrows(IOException.class, () -> ImmAsfReader.read(asf));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void courseSplitIsByPerson() throws IOException {
        Dataset d = DatasetLoader.load(TestData.imm());
        DatasetSplit split = DatasetSplit.course(d);
        assertEquals(192, split.train().size());
        assertEquals(48, split.validation().size());
        for (AnnotatedSample s : split.validation().samples()) assertTrue(DatasetSplit.immPerson(s) >= 33);
        for (AnnotatedSample s : split.train().samples()) assertTrue(DatasetSplit.immPerson(s) <= 32);
    }

    @Test
    void randomSplitIsSeededAndKeepsImagesTogether() throws IOException {
        Dataset d = DatasetLoader.load(TestData.imm());
        List<AnnotatedSample> twice = new ArrayList<>(d.samples());
        twice.addAll(d.samples()); // two faces per image
        Dataset doubled = d.withSamples("doubled", twice);
        DatasetSplit a = DatasetSplit.random(doubled, 0.25, 7), b = DatasetSplit.random(doubled, 0.25, 7);
        assertEquals(a.validation().samples(), b.validation().samples());
        assertEquals(120, a.validation().size());
        for (AnnotatedSample s : a.validation().samples()) assertTrue(!a.train().samples().contains(s));
        DatasetSplit c = DatasetSplit.random(doubled, 0.25, 8);
        assertTrue(!c.validation().samples().equals(a.validation().samples()));
    }
}
