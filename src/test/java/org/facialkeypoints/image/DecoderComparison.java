package org.facialkeypoints.image;

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
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * OpenCV's JPEG decoding (libjpeg's scaled inverse DCT, gray output) and resampling against this project's own
 * {@link JpegLuma} and {@link Resampling}, side by side in one run: every round times each method over the same
 * files, the order of the two alternating from round to round, and the figure reported is the median over rounds of
 * the per-round ratio, so that a noisy machine shifts both sides of a ratio alike. Decoding starts from the file's
 * bytes in memory and ends with the float gray image the pipelines use. Not a test; run with
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat cp.txt) org.facialkeypoints.image.DecoderComparison [data folder] [rounds]</pre>
 */
public final class DecoderComparison {

    private DecoderComparison() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--agree")) {
            OpenCvLibrary.load();
            for (int i = 1; i < args.length; i++) {
                byte[] b = Files.readAllBytes(Path.of(args[i]));
                for (int f : new int[] {2, 4, 8}) {
                    GrayImage cv = openCv(b, f), cvFull = openCv(b, 1);
                    String line = String.format(Locale.ROOT, "%s 1/%d: OpenCV reduced vs OpenCV full + area %.3f", args[i], f,
                            meanAbs(cv, cvResize(cvFull, cv.width(), cv.height(), Imgproc.INTER_AREA)));
                    try {
                        GrayImage luma = ours(b, f), lumaFull = ours(b, 1);
                        line += String.format(Locale.ROOT, ", JpegLuma reduced vs JpegLuma full + area %.3f, JpegLuma vs OpenCV reduced %.3f",
                                meanAbs(luma, Resampling.resize(lumaFull, luma.width(), luma.height())), meanAbs(luma, cv));
                    } catch (IllegalStateException e) {
                        line += ", JpegLuma: " + e.getCause().getMessage();
                    }
                    System.out.println(line);
                }
            }
            return;
        }
        Path root = Path.of(args.length > 0 ? args[0] : "../shared/data");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        OpenCvLibrary.load();
        System.out.println("OpenCV " + Core.VERSION + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + rounds + " rounds");
        List<byte[]> imm = jpegs(root.resolve("imm_face_db"));
        List<byte[]> dlib = jpegs(root.resolve("dlib_faces"));
        System.out.printf(Locale.ROOT, "%d IMM JPEGs, %d dlib JPEGs%n", imm.size(), dlib.size());

        System.out.println("\n== decoding, ms per image (OpenCV / JpegLuma: below 1.10 the library is as fast or faster)");
        for (int f : new int[] {8, 4, 2, 1}) {
            compare("IMM  1/" + f, imm, rounds, b -> ours(b, f), b -> openCv(b, f));
        }
        List<byte[]> dlibFull = dlib.stream().filter(b -> safeSize(b) != null).toList();
        compare("dlib 1/1", dlibFull, rounds, b -> ours(b, 1), b -> openCv(b, 1));
        for (int f : new int[] {2, 4, 8}) {
            List<byte[]> divisible = dlibFull.stream().filter(b -> safeSize(b)[0] % f == 0 && safeSize(b)[1] % f == 0).toList();
            if (!divisible.isEmpty()) compare("dlib 1/" + f + " (" + divisible.size() + " divisible)", divisible, rounds, b -> ours(b, f), b -> openCv(b, f));
        }

        System.out.println("\n== agreement, mean absolute gray difference (mean over images; largest image mean in brackets)");
        for (int f : new int[] {2, 4, 8}) {
            agreement("IMM 1/" + f, imm, f);
        }
        agreement("IMM 1/1", imm, 1);
        agreement("dlib 1/1", dlibFull, 1);

        System.out.println("\n== resampling, ms per image (OpenCV / Resampling)");
        List<GrayImage> grays = new ArrayList<>();
        for (byte[] b : imm.subList(0, Math.min(60, imm.size()))) grays.add(JpegLuma.decode(b, 1).pixels());
        compareImages("resize 640x480 -> 160x120 (area)", grays, rounds, g -> Resampling.resize(g, 160, 120), g -> cvResize(g, 160, 120, Imgproc.INTER_AREA));
        compareImages("resize 640x480 -> 224x168 (area)", grays, rounds, g -> Resampling.resize(g, 224, 168), g -> cvResize(g, 224, 168, Imgproc.INTER_AREA));
        compareImages("resize 640x480 -> 320x240 (area)", grays, rounds, g -> Resampling.resize(g, 320, 240), g -> cvResize(g, 320, 240, Imgproc.INTER_AREA));
        compareImages("resize 160x120 -> 640x480 (linear)", shrink(grays), rounds, g -> Resampling.resize(g, 640, 480), g -> cvResize(g, 640, 480, Imgproc.INTER_LINEAR));
        Affine2D crop = cropTransform();
        compareImages("warp 224x224 crop, rotated (linear)", grays, rounds, g -> Resampling.warp(g, crop, 224, 224, 0f), g -> cvWarp(g, crop, 224, 224));
        double dResize = 0, dWarp = 0;
        for (GrayImage g : grays) {
            dResize += meanAbs(Resampling.resize(g, 160, 120), cvResize(g, 160, 120, Imgproc.INTER_AREA));
            dWarp += meanAbs(Resampling.warp(g, crop, 224, 224, 0f), cvWarp(g, crop, 224, 224));
        }
        System.out.printf(Locale.ROOT, "agreement: area 160x120 %.4f, warp 224x224 %.4f gray levels%n", dResize / grays.size(), dWarp / grays.size());
    }

    private static List<byte[]> jpegs(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> files = s.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".jpg")).sorted().toList();
            List<byte[]> out = new ArrayList<>();
            for (Path p : files) out.add(Files.readAllBytes(p));
            return out;
        }
    }

    private static int[] safeSize(byte[] b) { return JpegLuma.frameSize(b); }

    static GrayImage ours(byte[] jpeg, int factor) {
        try {
            return JpegLuma.decode(jpeg, factor).pixels();
        } catch (JpegLuma.Unsupported e) {
            throw new IllegalStateException(e);
        }
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
        Mat m = Imgcodecs.imdecode(buf, flag);
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

    private static List<GrayImage> shrink(List<GrayImage> grays) {
        return grays.stream().map(g -> Resampling.resize(g, 160, 120)).toList();
    }

    interface Decoder {
        GrayImage apply(byte[] jpeg) throws Exception;
    }

    private static void compare(String label, List<byte[]> files, int rounds, Decoder ours, Decoder library) throws Exception {
        // Warm both up first.
        for (int i = 0; i < 2; i++) {
            for (byte[] b : files) {
                ours.apply(b);
                library.apply(b);
            }
        }
        double[] ratio = new double[rounds], msOurs = new double[rounds], msLib = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            double a, b;
            if (r % 2 == 0) {
                a = time(files, ours);
                b = time(files, library);
            } else {
                b = time(files, library);
                a = time(files, ours);
            }
            msOurs[r] = a / files.size();
            msLib[r] = b / files.size();
            ratio[r] = b / a;
        }
        System.out.printf(Locale.ROOT, "%-34s JpegLuma %6.3f ms  OpenCV %6.3f ms  ratio %.3f (rounds %.3f..%.3f)%n", label,
                median(msOurs), median(msLib), median(ratio), min(ratio), max(ratio));
    }

    private static double time(List<byte[]> files, Decoder d) throws Exception {
        long t0 = System.nanoTime();
        for (byte[] b : files) d.apply(b);
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
     * For factor f: OpenCV's reduced decode against JpegLuma's; each reduced decode against the full decode (OpenCV's
     * gray and the full colour decode's gray through ImageIO respectively) shrunk by area averaging.
     */
    private static void agreement(String label, List<byte[]> files, int f) throws Exception {
        Path tmp = Files.createTempFile("cmp", ".jpg");
        try {
            List<Double> cvVsOurs = new ArrayList<>(), cvVsFull = new ArrayList<>(), oursVsFull = new ArrayList<>(), cvFullVsImageIo = new ArrayList<>();
            for (byte[] b : files) {
                GrayImage cv = openCv(b, f), luma = ours(b, f);
                Files.write(tmp, b);
                GrayImage full = ImageFiles.readGray(tmp);
                GrayImage cvFull = openCv(b, 1);
                cvVsOurs.add(meanAbs(cv, luma));
                if (f > 1) {
                    cvVsFull.add(meanAbs(cv, cvResize(cvFull, cv.width(), cv.height(), Imgproc.INTER_AREA)));
                    oursVsFull.add(meanAbs(luma, Resampling.resize(full, luma.width(), luma.height())));
                } else {
                    oursVsFull.add(meanAbs(luma, full));
                    cvFullVsImageIo.add(meanAbs(cvFull, full));
                }
            }
            System.out.printf(Locale.ROOT, "%-10s OpenCV vs JpegLuma %s", label, stat(cvVsOurs));
            if (f > 1) {
                System.out.printf(Locale.ROOT, "  OpenCV reduced vs OpenCV full + area %s  JpegLuma reduced vs full colour decode's gray + area %s%n",
                        stat(cvVsFull), stat(oursVsFull));
            } else {
                System.out.printf(Locale.ROOT, "  JpegLuma vs full colour decode's gray %s  OpenCV gray vs full colour decode's gray %s%n",
                        stat(oursVsFull), stat(cvFullVsImageIo));
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
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
