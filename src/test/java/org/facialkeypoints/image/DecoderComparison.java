package org.facialkeypoints.image;

import org.facialkeypoints.detect.JpegGrayReader;
import org.facialkeypoints.facedetect.OpenCvLibrary;
import org.facialkeypoints.geometry.Affine2D;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The ways to read a JPEG's gray at 1/factor of its size, side by side in one run: what detection uses
 * ({@link JpegGrayReader}: OpenCV's gray decode at full size, shrunk by OpenCV's area resize on floats), the same
 * shrunk with {@link Resampling} instead, OpenCV's reduced decode (libjpeg's scaled inverse DCT,
 * {@code IMREAD_REDUCED_GRAYSCALE_2/4/8}) and the full colour decode's gray ({@link ImageFiles#readGray}), shrunk
 * likewise; then {@link Resampling} against OpenCV's resize and warp. Every method starts from the file (in the page
 * cache), goes through the header checks and ends with the float gray image the pipelines use. Every round times
 * each method over the same files, the order turning from round to round, and the figure reported is the median
 * over rounds of the per-round ratio to the first method, so that a noisy machine shifts both sides of a ratio
 * alike. Not a test; run with
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat cp.txt) org.facialkeypoints.image.DecoderComparison [data folder] [rounds]</pre>
 */
public final class DecoderComparison {

    private DecoderComparison() {}

    /** A way to read a file's gray at 1/factor. */
    interface Decoder {
        GrayImage apply(Path jpeg, int factor) throws Exception;
    }

    /** The ways compared, the first the one the others are measured against. */
    static Map<String, Decoder> decoders() {
        Map<String, Decoder> d = new LinkedHashMap<>();
        d.put("JpegGrayReader", (file, f) -> JpegGrayReader.read(file, (w, h) -> f).pixels());
        d.put("OpenCV full + Resampling area", (file, f) -> shrink(JpegGrayReader.read(file, (w, h) -> 1).pixels(), f));
        d.put("OpenCV reduced", (file, f) -> openCv(ImageFiles.readJpeg(file).bytes(), f));
        d.put("ImageIO colour + area", (file, f) -> shrink(ImageFiles.readGray(file), f));
        return d;
    }

    public static void main(String[] args) throws Exception {
        run(args, decoders());
    }

    static void run(String[] args, Map<String, Decoder> decoders) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "../shared/data");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        OpenCvLibrary.load();
        System.out.println("OpenCV " + Core.VERSION + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + rounds + " rounds");
        List<Path> imm = jpegs(root.resolve("imm_face_db"));
        List<Path> dlib = jpegs(root.resolve("dlib_faces"));
        System.out.printf(Locale.ROOT, "%d IMM JPEGs, %d dlib JPEGs%n", imm.size(), dlib.size());

        System.out.println("\n== decoding, ms per image, and each method's time over the first's (median of per-round ratios)");
        for (int f : new int[] {8, 4, 2, 1}) compare("IMM 1/" + f, imm, f, rounds, decoders);
        compare("dlib 1/1", dlib, 1, rounds, decoders);
        for (int f : new int[] {2, 4, 8}) {
            List<Path> divisible = new ArrayList<>();
            for (Path p : dlib) {
                int[] wh = ImageFiles.dimensions(p);
                if (wh[0] % f == 0 && wh[1] % f == 0) divisible.add(p);
            }
            if (!divisible.isEmpty()) compare("dlib 1/" + f + " (" + divisible.size() + " divisible)", divisible, f, rounds, decoders);
        }

        System.out.println("\n== agreement, mean absolute gray difference from the full colour decode's gray shrunk by area"
                + " (mean over images [largest image mean], largest pixel), and from the first method's full size shrunk");
        for (int f : new int[] {1, 2, 4, 8}) agreement("IMM 1/" + f, imm, f, decoders);
        agreement("dlib 1/1", dlib, 1, decoders);
        Path tmp = Files.createTempDirectory("decoders");
        try {
            List<Path> damaged = damagedSteps(imm.get(0), tmp);
            for (int f : new int[] {1, 2, 4, 8}) agreement("raised quantisation steps 1/" + f, damaged, f, decoders);
        } finally {
            try (Stream<Path> s = Files.list(tmp)) {
                for (Path p : s.toList()) Files.delete(p);
            }
            Files.delete(tmp);
        }

        System.out.println("\n== resampling, ms per image (OpenCV / Resampling)");
        List<GrayImage> grays = new ArrayList<>();
        for (Path p : imm.subList(0, Math.min(60, imm.size()))) grays.add(ImageFiles.readGray(p));
        compareImages("resize 640x480 -> 160x120 (area)", grays, rounds, g -> Resampling.resize(g, 160, 120), g -> cvResize(g, 160, 120, Imgproc.INTER_AREA));
        compareImages("resize 640x480 -> 224x168 (area)", grays, rounds, g -> Resampling.resize(g, 224, 168), g -> cvResize(g, 224, 168, Imgproc.INTER_AREA));
        compareImages("resize 640x480 -> 320x240 (area)", grays, rounds, g -> Resampling.resize(g, 320, 240), g -> cvResize(g, 320, 240, Imgproc.INTER_AREA));
        compareImages("resize 160x120 -> 640x480 (linear)", shrunk(grays), rounds, g -> Resampling.resize(g, 640, 480), g -> cvResize(g, 640, 480, Imgproc.INTER_LINEAR));
        Affine2D crop = cropTransform();
        compareImages("warp 224x224 crop, rotated (linear)", grays, rounds, g -> Resampling.warp(g, crop, 224, 224, 0f), g -> cvWarp(g, crop, 224, 224));
        double dResize = 0, dWarp = 0;
        for (GrayImage g : grays) {
            dResize += meanAbs(Resampling.resize(g, 160, 120), cvResize(g, 160, 120, Imgproc.INTER_AREA));
            dWarp += meanAbs(Resampling.warp(g, crop, 224, 224, 0f), cvWarp(g, crop, 224, 224));
        }
        System.out.printf(Locale.ROOT, "agreement: area 160x120 %.4f, warp 224x224 %.4f gray levels%n", dResize / grays.size(), dWarp / grays.size());
    }

    private static List<Path> jpegs(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".jpg")).sorted().toList();
        }
    }

    /**
     * Valid files whose blocks overshoot 0..255, where libjpeg's scaled inverse DCT clips the reduced samples, not
     * the full-size ones: every luma quantisation step 255, every step times 8.
     */
    private static List<Path> damagedSteps(Path photo, Path dir) throws IOException {
        byte[] b = Files.readAllBytes(photo);
        Path a = dir.resolve("step255.jpg"), c = dir.resolve("stepx8.jpg");
        Files.write(a, JpegTestFiles.withLumaSteps(b, q -> 255));
        Files.write(c, JpegTestFiles.withLumaSteps(b, q -> q * 8));
        return List.of(a, c);
    }

    static GrayImage shrink(GrayImage full, int f) {
        return f == 1 ? full : Resampling.resize(full, full.width() / f, full.height() / f);
    }

    static GrayImage openCv(byte[] jpeg, int factor) {
        int flag = switch (factor) {
            case 1 -> Imgcodecs.IMREAD_GRAYSCALE;
            case 2 -> Imgcodecs.IMREAD_REDUCED_GRAYSCALE_2;
            case 4 -> Imgcodecs.IMREAD_REDUCED_GRAYSCALE_4;
            case 8 -> Imgcodecs.IMREAD_REDUCED_GRAYSCALE_8;
            default -> throw new IllegalArgumentException("factor " + factor);
        };
        MatOfByte buf = new MatOfByte(jpeg);
        Mat m = Imgcodecs.imdecode(buf, flag | Imgcodecs.IMREAD_IGNORE_ORIENTATION);
        try {
            return toGray(m);
        } finally {
            m.release();
            buf.release();
        }
    }

    private static GrayImage toGray(Mat m) {
        int w = m.cols(), h = m.rows();
        byte[] b = new byte[w * h];
        m.get(0, 0, b);
        float[] f = new float[b.length];
        for (int i = 0; i < b.length; i++) f[i] = b[i] & 0xff;
        return new GrayImage(w, h, f);
    }

    private static Mat toMat(GrayImage g) {
        Mat m = new Mat(g.height(), g.width(), CvType.CV_32F);
        m.put(0, 0, g.pixels());
        return m;
    }

    private static GrayImage fromFloatMat(Mat m) {
        float[] f = new float[m.cols() * m.rows()];
        m.get(0, 0, f);
        return new GrayImage(m.cols(), m.rows(), f);
    }

    static GrayImage cvResize(GrayImage g, int w, int h, int interpolation) {
        Mat src = toMat(g), dst = new Mat();
        Imgproc.resize(src, dst, new Size(w, h), 0, 0, interpolation);
        GrayImage out = fromFloatMat(dst);
        src.release();
        dst.release();
        return out;
    }

    static GrayImage cvWarp(GrayImage g, Affine2D outputToSource, int w, int h) {
        Mat src = toMat(g), dst = new Mat();
        Mat m = new Mat(2, 3, CvType.CV_64F);
        m.put(0, 0, outputToSource.a(), outputToSource.b(), outputToSource.c(), outputToSource.d(), outputToSource.e(), outputToSource.f());
        Imgproc.warpAffine(src, dst, m, new Size(w, h), Imgproc.INTER_LINEAR | Imgproc.WARP_INVERSE_MAP, Core.BORDER_CONSTANT, new Scalar(0));
        GrayImage out = fromFloatMat(dst);
        src.release();
        dst.release();
        m.release();
        return out;
    }

    /** A face crop as the crop pipelines take it: 300 source pixels onto 224, turned by 12 degrees. */
    private static Affine2D cropTransform() {
        double s = 300.0 / 224, t = Math.toRadians(12);
        double a = s * Math.cos(t), b = -s * Math.sin(t), d = s * Math.sin(t), e = s * Math.cos(t);
        double cx = 320 - (a * 111.5 + b * 111.5), cy = 240 - (d * 111.5 + e * 111.5);
        return new Affine2D(a, b, cx, d, e, cy);
    }

    private static List<GrayImage> shrunk(List<GrayImage> grays) {
        return grays.stream().map(g -> Resampling.resize(g, 160, 120)).toList();
    }

    static void compare(String label, List<Path> files, int f, int rounds, Map<String, Decoder> decoders) throws Exception {
        List<String> names = new ArrayList<>(decoders.keySet());
        int k = names.size();
        // Warm every method up first.
        for (int i = 0; i < 2; i++) for (Decoder d : decoders.values()) time(files, f, d);
        double[][] ms = new double[k][rounds], ratio = new double[k][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int j = 0; j < k; j++) {
                int m = (j + r) % k;
                ms[m][r] = time(files, f, decoders.get(names.get(m))) / files.size();
            }
            for (int m = 0; m < k; m++) ratio[m][r] = ms[m][r] / ms[0][r];
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-26s", label));
        for (int m = 0; m < k; m++) {
            line.append(String.format(Locale.ROOT, " | %s %.3f ms", names.get(m), median(ms[m])));
            if (m > 0) line.append(String.format(Locale.ROOT, " x%.2f (%.2f..%.2f)", median(ratio[m]), min(ratio[m]), max(ratio[m])));
        }
        System.out.println(line);
    }

    private static double time(List<Path> files, int f, Decoder d) throws Exception {
        long t0 = System.nanoTime();
        for (Path p : files) d.apply(p, f);
        return (System.nanoTime() - t0) / 1e6;
    }

    interface Resampler {
        GrayImage apply(GrayImage g);
    }

    private static void compareImages(String label, List<GrayImage> images, int rounds, Resampler ours, Resampler library) {
        for (int i = 0; i < 3; i++) {
            for (GrayImage g : images) {
                ours.apply(g);
                library.apply(g);
            }
        }
        double[] ratio = new double[rounds], msOurs = new double[rounds], msLib = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            double a, b;
            if (r % 2 == 0) {
                a = timeImages(images, ours);
                b = timeImages(images, library);
            } else {
                b = timeImages(images, library);
                a = timeImages(images, ours);
            }
            msOurs[r] = a / images.size();
            msLib[r] = b / images.size();
            ratio[r] = b / a;
        }
        System.out.printf(Locale.ROOT, "%-36s ours %6.3f ms  OpenCV %6.3f ms  ratio %.3f (rounds %.3f..%.3f)%n", label,
                median(msOurs), median(msLib), median(ratio), min(ratio), max(ratio));
    }

    private static double timeImages(List<GrayImage> images, Resampler r) {
        long t0 = System.nanoTime();
        for (GrayImage g : images) r.apply(g);
        return (System.nanoTime() - t0) / 1e6;
    }

    /**
     * Each method's gray against the full colour decode's and against the first method's at full size, both shrunk
     * by area averaging to the same size.
     */
    static void agreement(String label, List<Path> files, int f, Map<String, Decoder> decoders) throws Exception {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-32s", label));
        Decoder first = decoders.values().iterator().next();
        for (var e : decoders.entrySet()) {
            if (e.getKey().startsWith("ImageIO")) continue;
            List<Double> toColour = new ArrayList<>(), toFirst = new ArrayList<>();
            double largest = 0;
            for (Path p : files) {
                GrayImage g = e.getValue().apply(p, f);
                GrayImage colour = Resampling.resize(ImageFiles.readGray(p), g.width(), g.height());
                toColour.add(meanAbs(g, colour));
                toFirst.add(meanAbs(g, Resampling.resize(first.apply(p, 1), g.width(), g.height())));
                for (int i = 0; i < g.pixels().length; i++) largest = Math.max(largest, Math.abs(g.pixels()[i] - colour.pixels()[i]));
            }
            line.append(String.format(Locale.ROOT, " | %s: colour %s, %.1f; own full %s", e.getKey(), stat(toColour), largest, stat(toFirst)));
        }
        System.out.println(line);
    }

    private static String stat(List<Double> v) {
        double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double max = v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, "%.3f [%.3f]", mean, max);
    }

    static double meanAbs(GrayImage a, GrayImage b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException(a.width() + "x" + a.height() + " against " + b.width() + "x" + b.height());
        }
        double s = 0;
        float[] p = a.pixels(), q = b.pixels();
        for (int i = 0; i < p.length; i++) s += Math.abs(p[i] - q[i]);
        return s / p.length;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    private static double min(double[] v) { return Arrays.stream(v).min().orElse(Double.NaN); }

    private static double max(double[] v) { return Arrays.stream(v).max().orElse(Double.NaN); }
}
