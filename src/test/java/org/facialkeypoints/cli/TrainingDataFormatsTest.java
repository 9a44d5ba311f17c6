package org.facialkeypoints.cli;

import org.facialkeypoints.TestData;
import org.facialkeypoints.data.AnnotatedSample;
import org.facialkeypoints.data.Dataset;
import org.facialkeypoints.data.DatasetLoader;
import org.facialkeypoints.data.ImmAsfReader;
import org.facialkeypoints.data.TpsReader;
import org.facialkeypoints.fiji.RoiConversion;
import org.facialkeypoints.fiji.RoiDatasets;
import org.facialkeypoints.fiji.RoiSetFiles;
import org.facialkeypoints.io.KeypointCsv;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.landmarks.Landmarks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train --data} on the formats other tools write: a folder of images annotated in ImageJ (RoiSet.zip beside
 * each), a TPS file and landmark tables give the same faces as the Fiji layer's reader of the ImageJ folder.
 */
class TrainingDataFormatsTest {

    /** Two persons of the course's training half (1-32) and two of its validation half (33-40). */
    static final List<String> FACES = List.of("01-1m", "02-2m", "35-2f", "40-6m");

    @TempDir
    Path dir;
    Path roiFolder;
    Dataset fiji;

    @BeforeEach
    void annotateInImageJ() throws IOException {
        roiFolder = Files.createDirectory(dir.resolve("roi"));
        for (String stem : FACES) {
            Files.copy(TestData.immFile(stem + ".jpg"), roiFolder.resolve(stem + ".jpg"));
            Landmarks truth = ImmAsfReader.read(TestData.immFile(stem + ".asf")).points();
            RoiSetFiles.write(List.of(RoiConversion.toRoi(truth, LandmarkSets.IMM_58, "face 1", null)),
                    roiFolder.resolve(stem + "_RoiSet.zip"));
        }
        fiji = RoiDatasets.fromFolder(roiFolder).dataset();
        assertEquals(FACES.size(), fiji.size());
    }

    @Test
    void aFolderOfRoiSetsReadsAsTheFijiReaderReadsIt() throws IOException {
        Dataset cli = DatasetLoader.load(roiFolder);
        assertSameFaces(fiji, cli, 0);
        Path model = dir.resolve("nose.zip");
        CommandLineTest.Run r = CommandLineTest.run("train", "--pipeline", "nose", "--data", roiFolder.toString(),
                "--epochs", "1", "--batch", "2", "--out", model.toString(), "--checkpoints", "none", "--device", "cpu");
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.out().contains("on 2 faces, validating on 2"), r.out());
        assertTrue(Files.size(model) > 1000);
    }

    @Test
    void aTpsFileGivesTheSameFacesWithItsYAxisTurned() throws IOException {
        Path folder = imagesOnly("tps");
        StringBuilder tps = new StringBuilder();
        for (AnnotatedSample s : fiji.samples()) {
            Landmarks p = s.points();
            tps.append("LM=").append(p.size()).append("\r\n");
            for (int i = 0; i < p.size(); i++) {
                // tpsDig: origin at the lower-left corner of the image, y up, as tpsDig writes five decimals.
                tps.append(String.format(Locale.ROOT, "%.5f %.5f\r\n", p.x(i) + 0.5, s.imageHeight() - p.y(i) - 0.5));
            }
            tps.append("IMAGE=").append(s.imageName()).append("\r\nID=").append(tps.length() % 97)
                    .append("\r\nSCALE=0.012\r\n");
        }
        Files.writeString(folder.resolve("faces.tps"), tps);
        Dataset cli = DatasetLoader.load(folder);
        assertSameFaces(fiji, cli, 1e-5);
        assertEquals(List.of(0.5, 479.5), List.of(TpsReader.toTps(0, 0, 480)[0], TpsReader.toTps(0, 0, 480)[1]),
                "the top-left pixel's centre of a 480-row image");
    }

    @Test
    void theDetectTableAndAPlainTableGiveTheSameFaces() throws IOException {
        Path folder = imagesOnly("csv");
        KeypointCsv detect = new KeypointCsv(true);
        StringBuilder plain = new StringBuilder("image,point,x,y\n");
        for (AnnotatedSample s : fiji.samples()) {
            detect.add(s.imageName(), 0, fiji.landmarks(), s.points(), new double[s.points().size()], 0.9);
            for (int i = 0; i < s.points().size(); i++) {
                plain.append(String.format(Locale.ROOT, "%s,%d,%.4f,%.4f%n", s.imageName(), i, s.points().x(i),
                        s.points().y(i)));
            }
        }
        Files.writeString(folder.resolve("keypoints.csv"), detect.text());
        Dataset fromDetect = DatasetLoader.load(folder);
        assertSameFaces(fiji, fromDetect, 5e-4);
        Path plainFile = folder.resolve("plain.table.csv");
        Files.writeString(plainFile, plain);
        assertSameFaces(fiji, DatasetLoader.load(plainFile), 5e-5);
    }

    @Test
    void brokenTablesAndTpsFilesAreOneSentenceNamingFileAndLine() throws IOException {
        Path folder = imagesOnly("bad");
        String image = FACES.get(0) + ".jpg";
        assertRefused(folder, "a.csv", "image,x,y\n" + image + ",1,2\n",
                "a.csv, line 1: the header has no column 'point'");
        assertRefused(folder, "b.csv", "image,point,x,y\n" + image + ",0,1,2\n" + image + ",0,3,4\n",
                "b.csv, line 3: point 0 of image '" + image + "' is repeated");
        assertRefused(folder, "c.csv", "image,point,x,y\n" + image + ",0,,2\n", "c.csv, line 2: x is empty");
        assertRefused(folder, "d.csv", "image,point,x,y\n../outside.jpg,0,1,2\n", "leads outside the data folder");
        assertRefused(folder, "e.tps", "LM=2\n1 2\n3 4\nIMAGE=" + image + "\nLM=1\n5 6\nIMAGE=" + image + "\n",
                "e.tps, line 5: this record has 1 landmarks, the first 2");
        assertRefused(folder, "f.tps", "LM=2\n1 2\n", "f.tps, line 2: the file ends inside a list of points");
        assertRefused(folder, "g.tps", "LM=1\n1 2\nID=3\n", "g.tps, line 1: this record names no IMAGE=");
        assertRefused(folder, "h.tps", "LM=2000000000\n", "h.tps, line 1: LM=2000000000 is not a count");
        assertRefused(folder, "i.tps", "LM3=1\n1 2 3\n", "i.tps, line 1: 3-D landmarks");
    }

    private void assertRefused(Path folder, String name, String text, String expected) throws IOException {
        Path f = folder.resolve(name);
        Files.writeString(f, text);
        IOException e = assertThrows(IOException.class, () -> DatasetLoader.load(f));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    private Path imagesOnly(String name) throws IOException {
        Path folder = Files.createDirectory(dir.resolve(name));
        for (String stem : FACES) Files.copy(roiFolder.resolve(stem + ".jpg"), folder.resolve(stem + ".jpg"));
        return folder;
    }

    /** The same images (by name), sizes, slices, points set and points, the points within {@code tolerance}. */
    static void assertSameFaces(Dataset expected, Dataset actual, double tolerance) {
        assertTrue(expected.landmarks().sameAs(actual.landmarks()), actual.landmarks().toString());
        assertEquals(names(expected), names(actual));
        for (int k = 0; k < expected.size(); k++) {
            AnnotatedSample e = expected.samples().get(k), a = actual.samples().get(k);
            assertEquals(List.of(e.imageWidth(), e.imageHeight(), e.slice()), List.of(a.imageWidth(), a.imageHeight(),
                    a.slice()));
            for (int i = 0; i < e.points().size(); i++) {
                assertEquals(e.points().x(i), a.points().x(i), tolerance, e.imageName() + " point " + i);
                assertEquals(e.points().y(i), a.points().y(i), tolerance, e.imageName() + " point " + i);
            }
        }
    }

    private static List<String> names(Dataset d) {
        List<String> out = new ArrayList<>();
        for (AnnotatedSample s : d.samples()) out.add(s.imageName());
        return out;
    }
}
