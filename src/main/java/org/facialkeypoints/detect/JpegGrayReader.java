package org.facialkeypoints.detect;

import org.facialkeypoints.facedetect.OpenCvLibrary;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.image.ImageFiles;
import org.facialkeypoints.image.ReducedGray;
import org.facialkeypoints.image.Resampling;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntBinaryOperator;

/**
 * The gray of a JPEG at the size a whole-image model sees, for detection that keeps no image: OpenCV decodes the
 * luma alone at full size (libjpeg-turbo) and shrinks it by area averaging, 2.1-2.3 ms for a 640x480 IMM face at
 * any factor, against 7.2-8.6 ms for the colour decode and gray that {@link ImageFiles#open} gives, and 2.2-4.2 ms
 * for the hand-written decoder this replaced (one run, docs/BENCHMARKS.md). It is not
 * decoded at reduced size (libjpeg's scaled inverse DCT): that clips the reduced samples instead of the full-size
 * ones, and on damaged files was 5.8 to 103 gray levels from the full decode (docs/BENCHMARKS.md), so the points
 * would depend on whether an overlay was asked for. The file reaches OpenCV only after {@link ImageFiles}' header
 * checks, as the bytes that were checked.
 */
public final class JpegGrayReader {

    /** Decoded as stored: ImageIO, which {@link ImageFiles#open} uses, does not turn images by their EXIF tag. */
    private static final int GRAY_AS_STORED = Imgcodecs.IMREAD_GRAYSCALE | Imgcodecs.IMREAD_IGNORE_ORIENTATION;

    private JpegGrayReader() {}

    /**
     * The gray at 1/factor of the image's size, where {@code factorForSize} gives the factor (1, 2, 4 or 8, dividing
     * both sides) for an image of that width and height. Null where the file is not a JPEG, OpenCV's natives cannot
     * be loaded here, or OpenCV cannot decode it: then {@link ImageFiles#open} reads it or says what is wrong with it.
     * A file whose header is refused (too large, more pixels than its bytes can code, cut short) is refused here with
     * the sentence open gives.
     */
    public static ReducedGray read(Path file, IntBinaryOperator factorForSize) throws IOException {
        ImageFiles.CheckedJpeg jpeg = ImageFiles.readJpeg(file);
        if (jpeg == null || !OpenCvLibrary.available()) return null;
        int w = jpeg.width(), h = jpeg.height(), factor = factorForSize.applyAsInt(w, h);
        if (w % factor != 0 || h % factor != 0) {
            throw new IllegalArgumentException("factor " + factor + " does not divide " + w + "x" + h);
        }
        try {
            GrayImage gray = decode(jpeg.bytes(), w, h, factor);
            return gray == null ? null : new ReducedGray(gray, factor, w, h);
        } catch (OutOfMemoryError e) {
            throw new IOException("Image " + file + " is too large for the memory this program has (" + w + "x" + h + " pixels)", e);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The gray shrunk to 1/factor, or null where OpenCV gives no image of the declared size. The shrink is OpenCV's
     * area resize on floats, the exact block mean: with {@link Resampling} instead the whole read took 2.75 ms per
     * IMM face at an eighth against 2.11 ms (docs/BENCHMARKS.md), slower than the hand-written decoder it replaces.
     */
    private static GrayImage decode(byte[] bytes, int w, int h, int factor) {
        MatOfByte buffer = new MatOfByte(bytes);
        Mat gray = Imgcodecs.imdecode(buffer, GRAY_AS_STORED);
        Mat floats = new Mat(), small = new Mat();
        try {
            if (gray.empty() || gray.cols() != w || gray.rows() != h || gray.type() != CvType.CV_8UC1) return null;
            gray.convertTo(floats, CvType.CV_32F);
            Mat out = floats;
            if (factor > 1) {
                Imgproc.resize(floats, small, new Size(w / factor, h / factor), 0, 0, Imgproc.INTER_AREA);
                out = small;
            }
            float[] pixels = new float[out.cols() * out.rows()];
            out.get(0, 0, pixels);
            return new GrayImage(out.cols(), out.rows(), pixels);
        } finally {
            gray.release();
            buffer.release();
            floats.release();
            small.release();
        }
    }
}
