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
    /** Pages of a multi-page file counted at most: 100,000 is beyond any stack this program is given to read. */
    static final int MAX_PAGES = 100_000;

    private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".gif", ".pgm");

    private ImageFiles() {}

    public static boolean looksLikeImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(n::endsWith) && !n.startsWith(".");
    }

    /**
     * Opens the file; every failure is an IOException whose message is one sentence that names the file. The size
     * the header declares is checked against the caps, and against what the file's bytes could code, before any
     * decoder allocates; JPEGs and PNGs that end early or that the decoder reports as damaged are refused
     * (docs/SECURITY.md).
     */
    public static ImagePlus open(Path file) throws IOException {
        Header header = header(file);
        ImagePlus imp;
        try {
            imp = switch (header.kind()) {
                case JPEG -> decodeWithImageIO(file, true);
                case PNG -> isPlainPng(file) ? decodeWithImageIO(file, false) : checkedByImageIO(file) ? openWithImageJ(file) : null;
                case GIF, BMP -> checkedByImageIO(file) ? openWithImageJ(file) : null;
                case OTHER -> openWithImageJ(file);
            };
        } catch (IOException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw new IOException("Image " + file + " is too large for the memory this program has (" + header.width() + "x" + header.height() + " pixels)", e);
        } catch (RuntimeException | LinkageError e) {
            throw new IOException("Cannot read image " + file + ": " + oneLine(e), e);
        }
        if (imp == null || imp.getStack() == null || imp.getStackSize() == 0) {
            throw new IOException("Cannot read image " + file + ": not an image format ImageJ can open, or the file is damaged");
        }
        checkSize(file, imp.getWidth(), imp.getHeight());
        return imp;
    }

    private static ImagePlus openWithImageJ(Path file) {
        Opener opener = new Opener();
        opener.setSilentMode(true);
        return opener.openImage(file.toAbsolutePath().toString());
    }

    /**
     * Decodes the whole file with ImageIO to find out whether it is sound, for the kinds that ImageJ's opener reads in
     * its own way afterwards (it prints the trace of whatever goes wrong instead of saying so).
     */
    private static boolean checkedByImageIO(Path file) throws IOException {
        readWithImageIO(file);
        return true;
    }

    /**
     * The file through ImageIO's reader for its format, with every warning the reader gives (libjpeg's "premature end
     * of data", "corrupt data") taken as damage: one IOException naming the file.
     */
    private static BufferedImage readWithImageIO(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new IOException("Cannot read image " + file);
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new IOException("Cannot read image " + file + ": not an image format this program reads");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                List<String> warnings = new java.util.ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) throw new IOException("Image " + file + " is damaged (" + oneLine(warnings.get(0)) + ")");
                if (image == null) throw new IOException("Cannot read image " + file);
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains(file.toString())) throw e;
            throw new IOException("Image " + file + " is damaged or not an image (" + oneLine(e) + ")", e);
        } catch (RuntimeException e) {
            throw new IOException("Image " + file + " is damaged or not an image (" + oneLine(e) + ")", e);
        }
    }

    /** The exception or warning as a short phrase on one line. */
    static String oneLine(Object e) {
        String m = e instanceof Throwable t ? (t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName()) : String.valueOf(e);
        m = m.replaceAll("\\s+", " ").trim();
        return m.length() > 160 ? m.substring(0, 160) + "..." : m;
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
    private static ImagePlus decodeWithImageIO(Path file, boolean jpeg) throws IOException {
        {
            BufferedImage image = readWithImageIO(file);
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
                // Not a plain PNG after all (the header said so, the data not): ImageJ's ways with it.
                return openWithImageJ(file);
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
        }
    }

    /**
     * A JPEG's bytes after every check {@link #open} makes before decoding (size within the caps, no more blocks than
     * the bytes can code, complete to its end marker, markers in place), for a decoder that is given the bytes and
     * not the file, so that it decodes exactly what was checked; null where the file is not a JPEG (by its name and
     * its first bytes). A refused file gets the same sentence as from open.
     */
    public static CheckedJpeg readJpeg(Path file) throws IOException {
        if (!isJpeg(file)) return null;
        byte[][] data = new byte[1][];
        Header h = header(file, data);
        return h.kind() == Kind.JPEG ? new CheckedJpeg(data[0], h.width(), h.height()) : null;
    }

    /** The checked bytes of a JPEG and the size its frame header declares. */
    public record CheckedJpeg(byte[] bytes, int width, int height) {}

    /** Larger JPEG files are refused: no photograph within the pixel cap needs that many bytes. */
    private static final long MAX_JPEG_BYTES = 256L << 20;
    /** Deflate, which PNG's data go through, codes at most 258 bytes in 2 bits: no more than 1032 bytes per byte. */
    private static final long DEFLATE_MAX_RATIO = 1032;

    /** The first slice as a gray image. */
    public static GrayImage readGray(Path file) throws IOException {
        return ImageConversion.slices(open(file)).get(0);
    }

    /** Width and height from the file header, without decoding pixels. */
    public static int[] dimensions(Path file) throws IOException {
        Header h = header(file);
        return new int[] {h.width(), h.height()};
    }

    enum Kind { JPEG, PNG, GIF, BMP, OTHER }

    /** What the file's header says, after every check that can be made without decoding. */
    record Header(Kind kind, int width, int height) {}

    static Header header(Path file) throws IOException {
        return header(file, null);
    }

    /**
     * Reads the header of the file, once, and refuses with one sentence what no decoder should be given: a missing,
     * unreadable or empty file, a size beyond the caps, a JPEG or PNG whose declared size its bytes cannot code (a
     * decompression bomb, or a file cut short) or that ends before its end marker. The kind comes from the file's
     * first bytes, not its name. With {@code jpegBytes} given, a JPEG's bytes are left in its first element.
     */
    static Header header(Path file, byte[][] jpegBytes) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("Image file not found: " + file);
        if (!Files.isReadable(file)) throw new IOException("Image file is not readable: " + file);
        long size = Files.size(file);
        if (size == 0) throw new IOException("Image file is empty: " + file);
        byte[] head = new byte[16];
        int got;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            got = in.readNBytes(head, 0, head.length);
        }
        if (got >= 2 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8) {
            if (size > MAX_JPEG_BYTES) throw new IOException("Image " + file + " is too large to process (" + size + " bytes)");
            byte[] d = Files.readAllBytes(file);
            if (jpegBytes != null) jpegBytes[0] = d;
            return jpegHeader(file, d);
        }
        if (got >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') return pngHeader(file, size);
        if (got >= 3 && head[0] == 'P' && head[1] >= '1' && head[1] <= '6') return pnmHeader(file);
        Kind kind = got >= 4 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F' ? Kind.GIF
                : got >= 2 && head[0] == 'B' && head[1] == 'M' ? Kind.BMP : Kind.OTHER;
        int[] wh = imageIoHeaderSize(file);
        if (wh == null) throw new IOException("Cannot read image " + file + ": not an image format this program reads, or its header is damaged");
        checkSize(file, wh[0], wh[1]);
        if (wh[2] != 0) throw new IOException("Image " + file + " is too large to process (its pages hold more than " + MAX_PIXELS + " pixels together)");
        return new Header(kind, wh[0], wh[1]);
    }

    private static Header jpegHeader(Path file, byte[] d) throws IOException {
        int pos = 2, n = d.length, w = -1, h = -1;
        while (true) {
            if (pos >= n) throw cutShort(file);
            if ((d[pos] & 0xff) != 0xFF) throw new IOException("Image " + file + " is a damaged JPEG (no marker at byte " + pos + ")");
            while (pos < n && (d[pos] & 0xff) == 0xFF) pos++;
            if (pos >= n) throw cutShort(file);
            int m = d[pos++] & 0xff;
            if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) continue;
            if (m == 0xD9) throw new IOException("Image " + file + " is a damaged JPEG (it ends before its image data)");
            if (pos + 2 > n) throw cutShort(file);
            int len = (d[pos] & 0xff) << 8 | (d[pos + 1] & 0xff);
            if (len < 2) throw new IOException("Image " + file + " is a damaged JPEG (segment length " + len + " at byte " + pos + ")");
            if (pos + len > n) throw cutShort(file);
            if (isFrame(m)) {
                if (len < 8) throw new IOException("Image " + file + " is a damaged JPEG (short frame header)");
                if (m >= 0xC9) throw new IOException("Image " + file + " is an arithmetic-coded JPEG, which this program does not read");
                h = (d[pos + 3] & 0xff) << 8 | (d[pos + 4] & 0xff);
                w = (d[pos + 5] & 0xff) << 8 | (d[pos + 6] & 0xff);
                if (h == 0) throw new IOException("Image " + file + " is a JPEG whose height is given after its data (DNL), which this program does not read");
                checkSize(file, w, h);
                // Every 8x8 block of the first component costs at least one bit of Huffman code, in any mode: a
                // header that declares more blocks than the file has bits is a decompression bomb or damage.
                long blocks = (long) ((w + 7) / 8) * ((h + 7) / 8);
                if (blocks > 8L * n) {
                    throw new IOException("Image " + file + " declares " + w + "x" + h + " pixels, more than its " + n + " bytes can hold (damaged or a decompression bomb)");
                }
            }
            if (m == 0xDA) {
                if (w < 0) throw new IOException("Image " + file + " is a damaged JPEG (image data before the frame header)");
                checkScans(file, d, pos + len);
                return new Header(Kind.JPEG, w, h);
            }
            pos += len;
        }
    }

    /**
     * Walks the coded data from the first scan to the end-of-image marker, so that no decoder is given a file that
     * was cut short or whose markers are out of place: libjpeg, OpenCV's decoder, fills what is missing with gray
     * and says so only on the process's standard error. Inside coded data 0xFF is followed by 0 (a stuffed byte),
     * 0xFF (fill) or a restart marker, which count 0..7 from each scan's start; the markers between scans (tables,
     * further scans, comments) are skipped by their lengths. What follows the end marker is not looked at.
     */
    private static void checkScans(Path file, byte[] d, int start) throws IOException {
        int n = d.length, pos = start, nextRestart = 0;
        while (pos + 1 < n) {
            if ((d[pos] & 0xff) != 0xFF) {
                pos++;
                continue;
            }
            int m = d[pos + 1] & 0xff;
            if (m == 0xD9) return;
            if (m == 0x00 || m == 0xFF || m == 0x01) {
                pos += m == 0xFF ? 1 : 2;
            } else if (m >= 0xD0 && m <= 0xD7) {
                if (m - 0xD0 != nextRestart) {
                    throw damaged(file, "restart marker " + (m - 0xD0) + " where " + nextRestart + " was due, at byte " + pos);
                }
                nextRestart = (nextRestart + 1) & 7;
                pos += 2;
            } else if (m < 0xC0 || m == 0xD8 || isFrame(m)) {
                throw damaged(file, String.format(Locale.ROOT, "marker 0x%02X inside the image data at byte %d", m, pos));
            } else {
                if (pos + 4 > n) break;
                int len = (d[pos + 2] & 0xff) << 8 | (d[pos + 3] & 0xff);
                if (len < 2) throw damaged(file, "segment length " + len + " at byte " + (pos + 2));
                pos += 2 + len;
                if (m == 0xDA) nextRestart = 0;
            }
        }
        throw cutShort(file);
    }

    /** A start-of-frame marker (SOF0..SOF15 without DHT, JPG and DAC, which share the range). */
    private static boolean isFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static IOException damaged(Path file, String what) {
        return new IOException("Image " + file + " is a damaged JPEG (" + what + ")");
    }

    private static IOException cutShort(Path file) {
        return new IOException("Image " + file + " is cut short (the file ends before the image does)");
    }

    private static Header pngHeader(Path file, long size) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(25);
            if (readFully(ch, b, 8) < 25) throw cutShort(file);
            if (b.getInt(0) != 13 || b.get(4) != 'I' || b.get(5) != 'H' || b.get(6) != 'D' || b.get(7) != 'R') {
                throw new IOException("Image " + file + " is a damaged PNG (no image header)");
            }
            long w = b.getInt(8) & 0xFFFFFFFFL, h = b.getInt(12) & 0xFFFFFFFFL;
            if (w > MAX_SIDE || h > MAX_SIDE) throw new IOException("Image " + file + " is too large to process (" + w + "x" + h + " pixels)");
            checkSize(file, (int) w, (int) h);
            int depth = b.get(16), colour = b.get(17);
            int channels = switch (colour) {
                case 0, 3 -> 1;
                case 2 -> 3;
                case 4 -> 2;
                case 6 -> 4;
                default -> throw new IOException("Image " + file + " is a damaged PNG (colour type " + colour + ")");
            };
            if (depth != 1 && depth != 2 && depth != 4 && depth != 8 && depth != 16) throw new IOException("Image " + file + " is a damaged PNG (bit depth " + depth + ")");
            long raw = h * (1 + (w * channels * depth + 7) / 8);
            long idat = 0, pos = 8 + 25;
            java.nio.ByteBuffer c = java.nio.ByteBuffer.allocate(8);
            for (int chunks = 0; ; chunks++) {
                if (chunks > 1_000_000) throw new IOException("Image " + file + " is a damaged PNG (more than a million chunks)");
                c.clear();
                if (readFully(ch, c, pos) < 8) throw cutShort(file);
                long len = c.getInt(0) & 0xFFFFFFFFL;
                if (pos + 12 + len > size) throw cutShort(file);
                int type = c.getInt(4);
                if (type == 0x49444154) idat += len; // IDAT
                if (type == 0x49454E44) break; // IEND
                pos += 12 + len;
            }
            if (idat * DEFLATE_MAX_RATIO < raw) {
                throw new IOException("Image " + file + " declares " + w + "x" + h + " pixels, more than its " + idat + " bytes of image data can hold (damaged or a decompression bomb)");
            }
            return new Header(Kind.PNG, (int) w, (int) h);
        }
    }

    private static int readFully(java.nio.channels.FileChannel ch, java.nio.ByteBuffer b, long at) throws IOException {
        int total = 0;
        while (b.hasRemaining()) {
            int r = ch.read(b, at + total);
            if (r < 0) break;
            total += r;
        }
        return total;
    }

    /** PBM/PGM/PPM: magic, then width and height as decimal numbers, with comments from '#' to the end of a line. */
    private static Header pnmHeader(Path file) throws IOException {
        byte[] d;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            d = in.readNBytes(4096);
        }
        long[] v = new long[2];
        int p = 2;
        for (int k = 0; k < 2; k++) {
            while (p < d.length && (Character.isWhitespace(d[p]) || d[p] == '#')) {
                if (d[p] == '#') while (p < d.length && d[p] != '\n' && d[p] != '\r') p++;
                else p++;
            }
            int start = p;
            while (p < d.length && d[p] >= '0' && d[p] <= '9' && p - start < 10) v[k] = v[k] * 10 + (d[p++] - '0');
            if (p == start) throw new IOException("Image " + file + " is a damaged PNM image (no width and height)");
        }
        if (v[0] > MAX_SIDE || v[1] > MAX_SIDE) throw new IOException("Image " + file + " is too large to process (" + v[0] + "x" + v[1] + " pixels)");
        checkSize(file, (int) v[0], (int) v[1]);
        return new Header(Kind.OTHER, (int) v[0], (int) v[1]);
    }

    private static int[] imageIoHeaderSize(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) return null;
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) return null;
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0), h = reader.getHeight(0);
                // A stack (a multi-page TIFF) is decoded whole: every page counts towards the pixel cap, read from
                // the page headers alone. Pages past the cap, or past a count no real stack has, stop the count.
                long total = (long) Math.max(0, w) * Math.max(0, h);
                for (int i = 1; i < MAX_PAGES && total <= MAX_PIXELS; i++) {
                    try {
                        total += (long) Math.max(0, reader.getWidth(i)) * Math.max(0, reader.getHeight(i));
                    } catch (IndexOutOfBoundsException | IOException lastPage) {
                        break;
                    }
                }
                if (total > MAX_PIXELS) return new int[] {w, h, 1};
                return new int[] {w, h, 0};
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
