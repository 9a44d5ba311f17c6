package org.facialkeypoints.facedetect;

import org.facialkeypoints.TestData;
import org.facialkeypoints.data.AnnotatedSample;
import org.facialkeypoints.data.ImmAsfReader;
import org.facialkeypoints.data.PtsReader;
import org.facialkeypoints.geometry.DetectorBoxMap;
import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.image.ImageFiles;

import ij.ImagePlus;
import ij.process.ColorProcessor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Not a unit test: runs YuNet over the 2,009 faces of 300-W's training set and the 240 IMM photos and prints how
 * many faces it finds on gray and on colour input, the map from its boxes to the boxes around the annotated points,
 * and the time per photo. The figures behind the constants of {@code DetectorBoxMaps}.
 */
public final class DetectorBoxMeasurement {

    /** A detection counts as the annotated face when its box overlaps the points' box this much (before mapping). */
    private static final double MATCH_IOU = 0.3;

    public static void main(String[] args) throws IOException {
        try (YuNetFaceDetector detector = YuNetFaceDetector.open(TestData.yunet(), DetectorSettings.DEFAULT)) {
            List<Path> pts;
            try (Stream<Path> s = Files.list(TestData.ibug300w())) {
                pts = s.filter(p -> p.toString().endsWith(".pts")).sorted().toList();
            }
            List<AnnotatedSample> w300 = new ArrayList<>();
            for (Path p : pts) w300.add(PtsReader.read(p));
            measure("300-W train, 68 points", w300, detector);

            List<Path> asf;
            try (Stream<Path> s = Files.list(TestData.imm())) {
                asf = s.filter(p -> p.toString().endsWith(".asf")).sorted().toList();
            }
            List<AnnotatedSample> imm = new ArrayList<>();
            for (Path p : asf) imm.add(ImmAsfReader.read(p));
            measure("IMM, 58 points", imm, detector);
        }
    }

    private static void measure(String name, List<AnnotatedSample> faces, YuNetFaceDetector detector) throws IOException {
        // Warm up so the first photo's one-off costs (OpenCV's network setup) do not count.
        GrayImage first = ImageFiles.readGray(faces.get(0).image());
        detector.detect(first);
        List<FaceBox> grayDet = new ArrayList<>(), grayTruth = new ArrayList<>(), colDet = new ArrayList<>(), colTruth = new ArrayList<>();
        double grayMs = 0, colourMs = 0;
        int grayAny = 0, colourAny = 0, grayTooSmall = 0, colourTooSmall = 0;
        for (AnnotatedSample f : faces) {
            FaceBox truth = FaceBox.around(f.points());
            ImagePlus imp = ImageFiles.open(f.image());
            int[] argb = (int[]) imp.getProcessor().convertToColorProcessor().getPixels();
            GrayImage gray = ImageFiles.readGray(f.image());
            long t0 = System.nanoTime();
            Detections g = detector.detect(gray);
            long t1 = System.nanoTime();
            Detections c = detector.detectRgb(argb, imp.getWidth(), imp.getHeight());
            long t2 = System.nanoTime();
            grayMs += (t1 - t0) / 1e6;
            colourMs += (t2 - t1) / 1e6;
            grayTooSmall += g.tooSmall();
            colourTooSmall += c.tooSmall();
            if (match(g, truth, grayDet, grayTruth)) grayAny++;
            if (match(c, truth, colDet, colTruth)) colourAny++;
        }
        DetectorBoxMap grayMap = DetectorBoxMap.fit(grayDet, grayTruth), colourMap = DetectorBoxMap.fit(colDet, colTruth);
        System.out.printf(Locale.ROOT, "%s: %d faces%n", name, faces.size());
        System.out.printf(Locale.ROOT, "  gray:   found %d (IoU >= %.1f with the points' box), %d too small, %.1f ms per photo, map %s, mapped IoU median %.3f%n",
                grayAny, MATCH_IOU, grayTooSmall, grayMs / faces.size(), grayMap, mappedIou(grayMap, grayDet, grayTruth));
        System.out.printf(Locale.ROOT, "  colour: found %d (IoU >= %.1f with the points' box), %d too small, %.1f ms per photo, map %s, mapped IoU median %.3f%n",
                colourAny, MATCH_IOU, colourTooSmall, colourMs / faces.size(), colourMap, mappedIou(colourMap, colDet, colTruth));
        FaceBox size = faces.stream().map(f -> FaceBox.around(f.points())).findFirst().orElseThrow();
        System.out.printf(Locale.ROOT, "  first face's point box %.0f x %.0f on a %d x %d image%n", size.width(), size.height(),
                faces.get(0).imageWidth(), faces.get(0).imageHeight());
    }

    private static boolean match(Detections d, FaceBox truth, List<FaceBox> det, List<FaceBox> tr) {
        List<FaceBox> boxes = d.faces().stream().map(DetectedFace::box).toList();
        int i = FaceMatching.bestMatch(truth, boxes, MATCH_IOU);
        if (i < 0) return false;
        det.add(boxes.get(i));
        tr.add(truth);
        return true;
    }

    private static double mappedIou(DetectorBoxMap map, List<FaceBox> det, List<FaceBox> truth) {
        double[] v = new double[det.size()];
        for (int i = 0; i < v.length; i++) v[i] = FaceMatching.iou(map.apply(det.get(i)), truth.get(i));
        Arrays.sort(v);
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }
}
