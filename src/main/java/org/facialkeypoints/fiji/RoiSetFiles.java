package org.facialkeypoints.fiji;

import ij.gui.Roi;
import ij.io.RoiDecoder;
import ij.io.RoiEncoder;
import org.facialkeypoints.io.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * ImageJ's RoiSet.zip (one .roi file per selection), written atomically and read without extracting anything:
 * entries are decoded in memory, with caps on their number and size, so a hostile zip can neither fill the disk
 * nor reach outside a folder.
 */
public final class RoiSetFiles {

    static final int MAX_ENTRIES = 10_000;
    static final long MAX_ENTRY_BYTES = 8L << 20;
    static final long MAX_TOTAL_BYTES = 256L << 20;

    private RoiSetFiles() {}

    public static void write(List<? extends Roi> rois, Path file) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(buffer)) {
            Set<String> used = new HashSet<>();
            DataOutputStream out = new DataOutputStream(zip);
            for (int i = 0; i < rois.size(); i++) {
                Roi roi = rois.get(i);
                String base = roi.getName() == null ? String.format("%04d", i + 1) : roi.getName().replaceAll("[^A-Za-z0-9._-]", "_");
                String name = base;
                for (int k = 2; !used.add(name); k++) name = base + "-" + k;
                zip.putNextEntry(new ZipEntry(name + ".roi"));
                new RoiEncoder(out).write(roi);
                out.flush();
                zip.closeEntry();
            }
        }
        byte[] bytes = buffer.toByteArray();
        AtomicFiles.write(file, o -> o.write(bytes));
    }

    public static List<Roi> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("ROI set not found: " + file);
        List<Roi> out = new ArrayList<>();
        long total = 0;
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.isDirectory()) continue;
                if (out.size() >= MAX_ENTRIES) throw new IOException(file + ": more than " + MAX_ENTRIES + " selections");
                if (!e.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".roi")) continue;
                byte[] bytes = readCapped(zip, file, e.getName());
                total += bytes.length;
                if (total > MAX_TOTAL_BYTES) throw new IOException(file + ": expands beyond " + MAX_TOTAL_BYTES + " bytes; refusing it");
                Roi roi;
                try {
                    roi = RoiDecoder.openFromByteArray(bytes);
                } catch (RuntimeException ex) {
                    roi = null;
                }
                if (roi == null) throw new IOException(file + ": entry '" + e.getName().replaceAll("[^\\x20-\\x7e]", "?") + "' is not a valid ImageJ selection");
                out.add(roi);
            }
        } catch (ZipException ex) {
            throw new IOException(file + ": not a valid RoiSet.zip (" + ex.getMessage() + ")", ex);
        }
        if (out.isEmpty()) throw new IOException(file + ": holds no selections");
        return out;
    }

    private static byte[] readCapped(InputStream in, Path file, String entry) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 14];
        int n;
        long size = 0;
        while ((n = in.read(buf)) > 0) {
            size += n;
            if (size > MAX_ENTRY_BYTES) throw new IOException(file + ": entry " + entry + " is larger than " + MAX_ENTRY_BYTES + " bytes; refusing it");
            b.write(buf, 0, n);
        }
        return b.toByteArray();
    }
}
