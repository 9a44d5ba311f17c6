package org.facialkeypoints.facedetect;

import org.facialkeypoints.TestData;
import org.facialkeypoints.data.AnnotatedSample;
import org.facialkeypoints.data.ImmAsfReader;
import org.facialkeypoints.geometry.DetectorBoxMap;
import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.image.ImageFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectorBoxMapsTest {

    @Test
    void fitRecoversAKnownMapDespiteTenPercentWrongPairs() {
        DetectorBoxMap truth = new DetectorBoxMap(0.02, 0.13, 1.04, 0.75);
        Random r = new Random(14);
        List<FaceBox> detector = new ArrayList<>(), target = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            FaceBox d = new FaceBox(r.nextDouble() * 500, r.nextDouble() * 400, 40 + r.nextDouble() * 200, 50 + r.nextDouble() * 250);
            FaceBox t = truth.apply(d);
            // Every tenth pair is a wrong match: another face's box far away and of another size.
            if (i % 10 == 0) t = new FaceBox(r.nextDouble() * 2000, r.nextDouble() * 2000, 5 + r.nextDouble() * 500, 5 + r.nextDouble() * 500);
            detector.add(d);
            target.add(t);
        }
        DetectorBoxMap fitted = DetectorBoxMap.fit(detector, target);
        assertEquals(truth.dx(), fitted.dx(), 1e-9);
        assertEquals(truth.dy(), fitted.dy(), 1e-9);
        assertEquals(truth.sx(), fitted.sx(), 1e-9);
        assertEquals(truth.sy(), fitted.sy(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> DetectorBoxMap.fit(List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> DetectorBoxMap.fit(detector, target.subList(0, 5)));
    }

    @Test
    void applyAndInvertRoundTrip() {
        FaceBox d = new FaceBox(100.25, 80.5, 176, 252);
        for (DetectorBoxMap m : List.of(DetectorBoxMaps.W300_68_POINTS, DetectorBoxMaps.IMM_58_POINTS, DetectorBoxMap.IDENTITY)) {
            FaceBox back = m.invert(m.apply(d));
            assertEquals(d.left(), back.left(), 1e-9);
            assertEquals(d.top(), back.top(), 1e-9);
            assertEquals(d.width(), back.width(), 1e-9);
            assertEquals(d.height(), back.height(), 1e-9);
        }
        FaceBox m = new DetectorBoxMap(0.1, -0.2, 2, 0.5).apply(new FaceBox(0, 0, 10, 20));
        assertEquals(new FaceBox(-4, 1, 20, 10), m); // centre (5, 10) moves by (1, -4) to (6, 6)
        assertEquals(d, DetectorBoxMap.IDENTITY.apply(d));
    }

    @Test
    void overlapOfBoxes() {
        FaceBox a = new FaceBox(0, 0, 10, 10);
        assertEquals(1, FaceMatching.iou(a, a), 1e-12);
        assertEquals(0, FaceMatching.iou(a, new FaceBox(10, 0, 10, 10)), 1e-12);
        assertEquals(50.0 / 150, FaceMatching.iou(a, new FaceBox(5, 0, 10, 10)), 1e-12);
        List<FaceBox> found = List.of(new FaceBox(50, 50, 10, 10), new FaceBox(5, 0, 10, 10), new FaceBox(1, 1, 10, 10));
        assertEquals(2, FaceMatching.bestMatch(a, found, 0.5));
        assertEquals(-1, FaceMatching.bestMatch(a, found.subList(0, 2), 0.5));
        assertEquals(1, FaceMatching.bestMatch(a, found.subList(0, 2), 0.3));
    }

    /** The IMM constant maps YuNet's boxes onto the point boxes of other IMM photos: a few, to check it is in use. */
    @Test
    void theImmMapFitsImmFaces() throws IOException {
        try (YuNetFaceDetector d = YuNetFaceDetector.open(TestData.yunet(), DetectorSettings.DEFAULT)) {
            for (String name : List.of("05-2m", "08-4f", "33-1m", "40-6m")) {
                AnnotatedSample s = ImmAsfReader.read(TestData.immFile(name + ".asf"));
                FaceBox points = FaceBox.around(s.points());
                FaceBox raw = d.detect(ImageFiles.readGray(s.image())).faces().get(0).box();
                double mapped = FaceMatching.iou(DetectorBoxMaps.IMM_58_POINTS.apply(raw), points);
                assertTrue(mapped > 0.8 && mapped > FaceMatching.iou(raw, points), name + ": " + mapped);
            }
        }
    }
}
