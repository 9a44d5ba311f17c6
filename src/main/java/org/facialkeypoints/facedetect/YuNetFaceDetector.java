package org.facialkeypoints.facedetect;

import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.image.GrayImage;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.FaceDetectorYN;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds faces with YuNet through OpenCV's FaceDetectorYN. One instance may be shared between threads: OpenCV's
 * detector keeps per-call state (its input size), so calls are serialised.
 */
public final class YuNetFaceDetector implements AutoCloseable {

    /** Columns of a row of FaceDetectorYN's output: x, y, w, h, five x/y point pairs, score. */
    private static final int COLUMNS = 15;

    private final DetectorSettings settings;
    private FaceDetectorYN detector;

    private YuNetFaceDetector(FaceDetectorYN detector, DetectorSettings settings) {
        this.detector = detector;
        this.settings = settings;
    }

    /**
     * Loads the model. The bytes are read here and handed to OpenCV from memory, so paths OpenCV's own file reading
     * would mangle (non-ASCII names on Windows) work too.
     */
    public static YuNetFaceDetector open(Path model, DetectorSettings settings) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(settings, "settings");
        OpenCvLibrary.load();
        byte[] bytes;
        try {
            long size = Files.size(model);
            if (size > FaceDetectorModel.MAX_BYTES) {
                throw new FaceDetectorUnavailableException("The face-detector model " + model + " has " + size
                        + " bytes, more than any YuNet export (at most " + FaceDetectorModel.MAX_BYTES + "): pass "
                        + FaceDetectorModel.FILE_NAME + " instead");
            }
            bytes = Files.readAllBytes(model);
        } catch (IOException e) {
            throw new FaceDetectorUnavailableException("The face-detector model " + model + " could not be read ("
                    + OpenCvLibrary.oneLine(e) + "): pass the path of " + FaceDetectorModel.FILE_NAME, e);
        }
        MatOfByte buffer = new MatOfByte(bytes);
        MatOfByte noConfig = new MatOfByte();
        try {
            FaceDetectorYN d = FaceDetectorYN.create("onnx", buffer, noConfig,
                    new Size(settings.maxSide(), settings.maxSide()), (float) settings.scoreThreshold(),
                    (float) settings.nmsThreshold(), settings.topK());
            if (d == null) throw new IllegalStateException("no detector returned");
            return new YuNetFaceDetector(d, settings);
        } catch (RuntimeException e) {
            throw new FaceDetectorUnavailableException("OpenCV could not load " + model + " as a YuNet face detector ("
                    + OpenCvLibrary.oneLine(e) + "): use " + FaceDetectorModel.FILE_NAME + " with SHA-256 "
                    + FaceDetectorModel.SHA256, e);
        } finally {
            buffer.release();
            noConfig.release();
        }
    }

    public DetectorSettings settings() { return settings; }

    /** Faces on a gray image (0..255); the gray value goes to all three colour channels YuNet expects. */
    public Detections detect(GrayImage gray) {
        float[] px = gray.pixels();
        byte[] bytes = new byte[px.length];
        for (int i = 0; i < px.length; i++) {
            float v = px[i];
            bytes[i] = (byte) (v >= 255 ? 255 : v > 0 ? Math.round(v) : 0); // NaN lands on 0
        }
        return detectPixels(bytes, CvType.CV_8UC1, gray.width(), gray.height());
    }

    /** Faces on colour pixels in ImageJ's ColorProcessor layout (0xAARRGGBB, row by row); alpha is ignored. */
    public Detections detectRgb(int[] argbPixels, int width, int height) {
        if (width <= 0 || height <= 0 || argbPixels.length != (long) width * height) {
            throw new IllegalArgumentException("pixel array has " + argbPixels.length + " values for " + width + "x" + height);
        }
        byte[] bgr = new byte[Math.multiplyExact(3, argbPixels.length)];
        for (int i = 0; i < argbPixels.length; i++) {
            int c = argbPixels[i];
            bgr[3 * i] = (byte) c;
            bgr[3 * i + 1] = (byte) (c >> 8);
            bgr[3 * i + 2] = (byte) (c >> 16);
        }
        return detectPixels(bgr, CvType.CV_8UC3, width, height);
    }

    /** Shrinks, then (for gray) copies the one channel to three: on a large photo only the small copy is tripled. */
    private Detections detectPixels(byte[] pixels, int type, int width, int height) {
        double scale = Math.min(1.0, settings.maxSide() / (double) Math.max(width, height));
        int dw = Math.max(1, (int) Math.round(width * scale)), dh = Math.max(1, (int) Math.round(height * scale));
        Mat image = new Mat(height, width, type);
        Mat shrunk = image, input = image;
        Mat out = new Mat();
        try {
            image.put(0, 0, pixels);
            if (dw != width || dh != height) {
                shrunk = new Mat();
                // INTER_AREA averages the pixels each output pixel covers: no aliasing when shrinking 4000 px to 640.
                Imgproc.resize(image, shrunk, new Size(dw, dh), 0, 0, Imgproc.INTER_AREA);
            }
            input = shrunk;
            if (type == CvType.CV_8UC1) {
                input = new Mat();
                Imgproc.cvtColor(shrunk, input, Imgproc.COLOR_GRAY2BGR);
            }
            synchronized (this) {
                if (detector == null) throw new IllegalStateException("the face detector is closed");
                detector.setInputSize(new Size(dw, dh));
                detector.detect(input, out);
            }
            return toDetections(out, width / (double) dw, height / (double) dh);
        } finally {
            out.release();
            if (input != shrunk) input.release();
            if (shrunk != image) shrunk.release();
            image.release();
        }
    }

    /**
     * OpenCV's coordinates put pixel edges on whole numbers (the image spans 0..width), so they scale back by the
     * size ratio and then shift by half a pixel to this library's pixel-centre convention.
     */
    private Detections toDetections(Mat out, double sx, double sy) {
        List<DetectedFace> faces = new ArrayList<>();
        int tooSmall = 0;
        if (out.empty()) return new Detections(faces, 0);
        if (out.cols() < COLUMNS) throw new IllegalStateException("YuNet output has " + out.cols() + " columns, expected " + COLUMNS);
        float[] row = new float[out.cols()];
        for (int r = 0; r < out.rows(); r++) {
            out.get(r, 0, row);
            double w = row[2], h = row[3], score = row[14];
            if (!(w > 0) || !(h > 0) || !Double.isFinite(row[0]) || !Double.isFinite(row[1])) continue;
            if (Math.min(w, h) < settings.minFaceSide()) {
                tooSmall++;
                continue;
            }
            double[] points = new double[10];
            for (int k = 0; k < 5; k++) {
                points[2 * k] = row[4 + 2 * k] * sx - 0.5;
                points[2 * k + 1] = row[5 + 2 * k] * sy - 0.5;
            }
            FaceBox box = new FaceBox(row[0] * sx - 0.5, row[1] * sy - 0.5, w * sx, h * sy);
            faces.add(new DetectedFace(box, Math.max(0, Math.min(1, score)), points));
        }
        return new Detections(faces, tooSmall);
    }

    /** Drops the OpenCV detector; its native memory is freed when the garbage collector finalises it. */
    @Override
    public synchronized void close() { detector = null; }
}
