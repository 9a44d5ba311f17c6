package org.facialkeypoints.data;

import org.facialkeypoints.TestData;
import org.facialkeypoints.eval.FaceError;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.landmarks.Landmarks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IbugDataTest {

    @TempDir
    Path dir;

    @Test
    void readsDlibsTrainingAndTestingFaces() throws IOException {
        Dataset train = IbugXmlReader.read(TestData.dlib().resolve("training_with_face_landmarks.xml")).dataset();
        Dataset test = IbugXmlReader.read(TestData.dlib().resolve("testing_with_face_landmarks.xml")).dataset();
        assertEquals(18, train.size());
        assertEquals(4, train.imageCount());
        assertEquals(25, test.size());
        assertEquals(5, test.imageCount());
        assertTrue(train.landmarks().sameAs(LandmarkSets.IBUG_68));
        // The first face of 2007_007763.jpg: box top 90 left 194 37x37, part 00 at (201, 107).
        AnnotatedSample first = train.samples().get(0);
        assertEquals("2007_007763.jpg", first.imageName());
        assertEquals(201, first.points().x(0), 0);
        assertEquals(107, first.points().y(0), 0);
        assertEquals(193.5, first.box().left(), 0);
        assertEquals(37, first.box().width(), 0);
        for (AnnotatedSample s : test.samples()) {
            for (int i = 0; i < 68; i++) {
                assertTrue(s.points().x(i) >= s.box().left() - 0.5 * s.box().width() && s.points().x(i) <= s.box().right() + 0.5 * s.box().width(),
                        "points lie around their own box in " + s.imageName());
            }
        }
    }

    @Test
    void imagesInSubfoldersAndFacesWithMissingPoints() throws IOException {
        Path images = Files.createDirectories(dir.resolve("photos/2008"));
        Files.copy(TestData.dlib().resolve("2008_001009.jpg"), images.resolve("a.jpg"));
        StringBuilder parts = new StringBuilder(), partial = new StringBuilder();
        for (int i = 0; i < 68; i++) {
            parts.append(String.format(Locale.ROOT, "<part name='%02d' x='%d' y='%d'/>", i, 100 + i, 120 + i % 7));
            if (i != 30) partial.append(String.format(Locale.ROOT, "<part name='%02d' x='%d' y='%d'/>", i, 200 + i, 120));
        }
        Path xml = dir.resolve("faces.xml");
        Files.writeString(xml, "<?xml version='1.0'?><dataset><images><image file='photos/2008/a.jpg'>"
                + "<box top='100' left='90' width='90' height='80'>" + parts + "</box>"
                + "<box top='100' left='190' width='90' height='80'>" + partial + "</box>"
                + "<box top='1' left='1' width='5' height='5' ignore='1'/>"
                + "</image></images></dataset>");
        IbugXmlReader.Result r = IbugXmlReader.read(xml);
        assertEquals(1, r.dataset().size());
        assertEquals(1, r.facesWithMissingPoints());
        assertEquals(images.resolve("a.jpg").toAbsolutePath().normalize(), r.dataset().samples().get(0).image());
        assertEquals(r.dataset().size(), DatasetLoader.load(xml).size());
    }

    @Test
    void ptsFilesReadBackWhatWasWritten() throws IOException {
        AnnotatedSample face = IbugXmlReader.read(TestData.dlib().resolve("training_with_face_landmarks.xml")).dataset().samples().get(0);
        Files.copy(face.image(), dir.resolve("face.jpg"));
        StringBuilder b = new StringBuilder("version: 1\nn_points:  68\n{\n");
        for (int i = 0; i < 68; i++) b.append(String.format(Locale.ROOT, "%.3f %.3f%n", face.points().x(i) + 1, face.points().y(i) + 1));
        Files.writeString(dir.resolve("face.pts"), b.append("}\n").toString());
        Dataset d = DatasetLoader.load(dir);
        assertEquals(1, d.size());
        Landmarks p = d.samples().get(0).points();
        for (int i = 0; i < 68; i++) {
            assertEquals(face.points().x(i), p.x(i), 1e-9, "300-W's 1-based coordinates become 0-based");
            assertEquals(face.points().y(i), p.y(i), 1e-9);
        }
    }

    @Test
    void writtenXmlReadsBack() throws IOException {
        Dataset test = IbugXmlReader.read(TestData.dlib().resolve("testing_with_face_landmarks.xml")).dataset();
        Path copy = dir.resolve("copy.xml");
        for (Path img : test.samples().stream().map(AnnotatedSample::image).distinct().toList()) Files.copy(img, dir.resolve(img.getFileName()));
        List<AnnotatedSample> moved = test.samples().stream().map(s -> new AnnotatedSample(dir.resolve(s.imageName()), s.slice(),
                s.imageWidth(), s.imageHeight(), s.points(), s.box())).toList();
        IbugXmlWriter.write(copy, moved, "copy");
        Dataset back = IbugXmlReader.read(copy).dataset();
        assertEquals(test.size(), back.size());
        for (int f = 0; f < test.size(); f++) {
            assertEquals(test.samples().get(f).box(), back.samples().get(f).box());
            assertEquals(test.samples().get(f).points(), back.samples().get(f).points());
        }
    }

    @Test
    void interOcularNormalizationUsesTheOuterEyeCorners() {
        double[] x = new double[68], y = new double[68];
        x[36] = 100;
        x[45] = 200;
        Landmarks truth = new Landmarks(x, y);
        double[] px = x.clone();
        for (int i = 0; i < 68; i++) px[i] += 5;
        FaceError e = FaceError.of("f", truth, new Landmarks(px, y), 640, 480, FaceError.outerEyeCorners(LandmarkSets.IBUG_68));
        assertEquals(5.0 / 100, e.nme(), 1e-12);
    }
}
