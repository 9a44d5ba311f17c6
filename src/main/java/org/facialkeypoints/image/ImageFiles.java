package org.facialkeypoints.image;

import ij.ImagePlus;
import ij.io.Opener;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
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
            Opener opener = new Opener();
            opener.setSilentMode(true);
            imp = opener.openImage(file.toAbsolutePath().toString());
        } catch (RuntimeException | OutOfMemoryError e) {
            throw new IOException("Cannot decode image " + file + ": " + e, e);
        }
        if (imp == null || imp.getStack() == null || imp.getStackSize() == 0) {
            throw new IOException("Cannot read image " + file + ": not an image format ImageJ can open, or the file is damaged");
        }
        checkSize(file, imp.getWidth(), imp.getHeight());
        return imp;
    }

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
