package org.facialkeypoints.data;

import ij.gui.Roi;
import ij.io.RoiDecoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * ImageJ selections as files: a RoiSet.zip (one .roi file per selection) or one .roi file, read without extracting
 * anything. Entries are decoded in memory with ImageJ's own decoder, with caps on their number and size checked
 * before the bytes are kept, so a hostile zip can neither fill the memory nor reach outside a folder.
 */
public final class RoiSetReader {

    public static final int MAX_ENTRIES = 10_000;
    public static final long MAX_ENTRY_BYTES = 8L << 20;
    public static final long MAX_TOTAL_BYTES = 256L << 20;

    private RoiSetReader() {}

    /** The selections of a RoiSet.zip, in the zip's order; one sentence naming the file when it is not one. */
    public static List<Roi> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("ROI set not found: " + file);
        List<Roi> out = new ArrayList<>();
        long total = 0;
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.isDirectory()) continue;
                if (out.size() >= MAX_ENTRIES) throw new IOException(file + ": more than " + MAX_ENTRIES
                        + " selections");
                if (!e.getName().toLowerCase(Locale.ROOT).endsWith(".roi")) continue;
                byte[] bytes = readCapped(zip, file, e.getName());
                total += bytes.length;
                if (total > MAX_TOTAL_BYTES) {
                    throw new IOException(file + ": expands beyond " + MAX_TOTAL_BYTES + " bytes; refusing it");
                }
                out.add(decode(bytes, file + ": entry '" + shown(e.getName()) + "'"));
            }
        } catch (ZipException ex) {
            throw new IOException(file + ": not a valid RoiSet.zip (" + shown(String.valueOf(ex.getMessage())) + ")",
                    ex);
        } catch (IOException ex) {
            if (String.valueOf(ex.getMessage()).startsWith(file.toString())) throw ex;
            throw new IOException(file + ": not a valid RoiSet.zip (damaged or truncated)", ex);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError ex) {
            throw new IOException(file + ": not a valid RoiSet.zip", ex);
        }
        if (out.isEmpty()) throw new IOException(file + ": holds no selections");
        return out;
    }

    /** One ImageJ .roi file, read in memory with a size cap. */
    public static Roi readRoi(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("Selection file not found: " + file);
        if (Files.size(file) > MAX_ENTRY_BYTES) {
            throw new IOException(file + ": larger than " + MAX_ENTRY_BYTES + " bytes; not an ImageJ selection");
        }
        return decode(Files.readAllBytes(file), file.toString());
    }

    /**
     * ImageJ's decoder on untrusted bytes: the header must be one and the sizes it declares must fit the bytes
     * before the decoder runs, and anything it throws, out-of-memory included, becomes one sentence naming
     * {@code where}.
     */
    static Roi decode(byte[] bytes, String where) throws IOException {
        if (bytes.length < 64 || bytes[0] != 'I' || bytes[1] != 'o' || bytes[2] != 'u' || bytes[3] != 't') {
            throw new IOException(where + " is not an ImageJ selection (no Iout header)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int type = bytes[6] & 0xFF;
        int shapeSize = b.getInt(36);
        if (type == Roi.RECTANGLE && shapeSize > 0 && 64L + 4L * shapeSize > bytes.length) {
            throw new IOException(where
                    + " declares more shape data than the file holds; not a valid ImageJ selection");
        }
        int header2 = b.getInt(60);
        if (header2 < 0 || header2 > bytes.length) {
            throw new IOException(where + " is damaged (its second header lies outside the file)");
        }
        Roi roi;
        try {
            roi = RoiDecoder.openFromByteArray(bytes);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError ex) {
            throw new IOException(where
                    + " is not a valid ImageJ selection (damaged or declaring more data than it holds)",
                    ex);
        }
        if (roi == null) throw new IOException(where + " is not a valid ImageJ selection");
        return roi;
    }

    static String shown(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }

    private static byte[] readCapped(InputStream in, Path file, String entry) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 14];
        int n;
        long size = 0;
        while ((n = in.read(buf)) > 0) {
            size += n;
            if (size > MAX_ENTRY_BYTES) {
                throw new IOException(file + ": entry " + shown(entry) + " is larger than " + MAX_ENTRY_BYTES
                        + " bytes; refusing it");
            }
            b.write(buf, 0, n);
        }
        return b.toByteArray();
    }
}
