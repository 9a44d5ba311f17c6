package org.facialkeypoints.image;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.Opener;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/** Reads images from disk through ImageJ's openers (JPEG, PNG, TIFF of any bit depth, stacks, ...). */
public final class ImageFiles {

    /** Images larger than this in either direction are refused before decoding. */
    public static final int MAX_SIDE = 30_000;
    public static final long MAX_PIXELS = 200_000_000L;

    private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".gif", ".pgm");

    private ImageFiles() {}

    public static boolean looksLikeImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(n::endsWith) && !n.startsWith(".");
    }

    /** Opens the file with ImageJ; every failure is an IOException whose message names the file. */
    public static ImagePlus open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("Image file not found: " + file);
        if (!Files.isReadable(file)) throw new IOException("Image file is not readable: " + file);
        if (Files.size(file) == 0) throw new IOException("Image file is empty: " + file);
        int[] size = headerSize(file);
        if (size != null) checkSize(file, size[0], size[1]);
        ImagePlus imp;
        try {
            imp = isJpeg(file) ? decodeWithImageIO(file, true) : isPlainPng(file) ? decodeWithImageIO(file, false) : null;
            if (imp == null) {
                Opener opener = new Opener();
                opener.setSilentMode(true);
                imp = opener.openImage(file.toAbsolutePath().toString());
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            throw new IOException("Cannot decode image " + file + ": " + e, e);
        }
        if (imp == null || imp.getStack() == null || imp.getStackSize() == 0) {
            throw new IOException("Cannot read image " + file + ": not an image format ImageJ can open, or the file is damaged");
        }
        checkSize(file, imp.getWidth(), imp.getHeight());
        return imp;
    }

    private static boolean isJpeg(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    /**
     * A PNG of 8-bit gray or 8-bit RGB without transparency: the kinds that ImageJ's opener reads through ImageIO
     * and takes as they are (it paints transparent ones onto white first, and has its own ways with palettes and
     * 16 bits, so those stay with it).
     */
    private static boolean isPlainPng(Path file) {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) return false;
        byte[] head = new byte[29];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, head.length) < head.length) return false;
        } catch (IOException e) {
            return false;
        }
        boolean signature = (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G'
                && head[12] == 'I' && head[13] == 'H' && head[14] == 'D' && head[15] == 'R';
        int depth = head[24], colour = head[25];
        return signature && depth == 8 && (colour == 0 || colour == 2);
    }

    /**
     * JPEG (and plain PNG, see {@link #isPlainPng}) through ImageIO, its pixels copied straight into an ImageJ
     * processor: ImageJ's own JPEG path (AWT's image producer) took 35 ms for a 640x480 face where this takes about
     * 4, and its PNG path (ImageIO, then AWT's pixel grabber) about 23 ms where this takes about 10
     * (docs/BENCHMARKS.md), which left detection on a folder mostly waiting. The pixels are identical; gray JPEGs
     * stored as RGB become 8-bit, as ImageJ makes them (it does not do so for PNG). Null where ImageIO cannot decode
     * the file (CMYK, damaged), or a PNG turns out to be another kind, so that ImageJ's opener gets to try and to
     * name the problem.
     */
    private static ImagePlus decodeWithImageIO(Path file, boolean jpeg) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) return null;
            String title = file.getFileName().toString();
            int w = image.getWidth(), h = image.getHeight();
            ImagePlus imp;
            if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && image.getRaster().getDataBuffer() instanceof DataBufferByte db
                    && db.getData().length == 3 * w * h) {
                byte[] bgr = db.getData();
                int[] rgb = new int[w * h];
                for (int i = 0; i < rgb.length; i++) {
                    rgb[i] = 0xff000000 | (bgr[3 * i + 2] & 0xff) << 16 | (bgr[3 * i + 1] & 0xff) << 8 | (bgr[3 * i] & 0xff);
                }
                imp = new ImagePlus(title, new ColorProcessor(w, h, rgb));
            } else if (image.getType() == BufferedImage.TYPE_BYTE_GRAY && image.getRaster().getDataBuffer() instanceof DataBufferByte db
                    && db.getData().length == w * h) {
                imp = new ImagePlus(title, new ByteProcessor(w, h, db.getData()));
            } else if (jpeg) {
                imp = new ImagePlus(title, image);
            } else {
                return null;
            }
            if (jpeg && imp.getType() == ImagePlus.COLOR_RGB) Opener.convertGrayJpegTo8Bits(imp);
            // Where the image came from, as ImageJ's opener records it (Export Keypoints copies the file from there).
            FileInfo fi = new FileInfo();
            fi.fileFormat = jpeg ? FileInfo.GIF_OR_JPG : FileInfo.IMAGEIO;
            fi.fileName = title;
            Path parent = file.toAbsolutePath().getParent();
            fi.directory = parent == null ? "" : parent + java.io.File.separator;
            imp.setFileInfo(fi);
            return imp;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The luma of a JPEG file ({@link JpegLuma}), decoded at 1/factor of its size where {@code factorForSize} gives
     * the factor (1, 2, 4 or 8) for an image of that width and height; null where the file is not a JPEG that
     * JpegLuma reads (then {@link #open} reads it, or says what is wrong with it).
     */
    public static JpegLuma.Reduced readLuma(Path file, java.util.function.IntBinaryOperator factorForSize) {
        if (!isJpeg(file)) return null;
        try {
            long size = Files.size(file);
            if (size < 4 || size > MAX_JPEG_BYTES) return null;
            byte[] data = Files.readAllBytes(file);
            int[] wh = JpegLuma.frameSize(data);
            if (wh == null) return null;
            checkSize(file, wh[0], wh[1]);
            int factor = factorForSize.applyAsInt(wh[0], wh[1]);
            return JpegLuma.decode(data, factor);
        } catch (IOException | JpegLuma.Unsupported | RuntimeException | OutOfMemoryError e) {
            return null;
        }
    }

    /** Larger JPEG files go through the full decoder, which checks their size before it reads them. */
    private static final long MAX_JPEG_BYTES = 256L << 20;

    /** The first slice as a gray image. */
    public static GrayImage readGray(Path file) throws IOException {
        return ImageConversion.slices(open(file)).get(0);
    }

    /** Width and height from the file header, without decoding pixels; opens the image if no header reader fits. */
    public static int[] dimensions(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("Image file not found: " + file);
        int[] size = headerSize(file);
        if (size != null) {
            checkSize(file, size[0], size[1]);
            return size;
        }
        ImagePlus imp = open(file);
        return new int[] {imp.getWidth(), imp.getHeight()};
    }

    private static int[] headerSize(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) return null;
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) return null;
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void checkSize(Path file, int w, int h) throws IOException {
        if (w <= 0 || h <= 0) throw new IOException("Image " + file + " has no pixels (" + w + "x" + h + ")");
        if (w > MAX_SIDE || h > MAX_SIDE || (long) w * h > MAX_PIXELS) {
            throw new IOException("Image " + file + " is too large to process (" + w + "x" + h + " pixels)");
        }
    }
}
