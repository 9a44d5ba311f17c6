package org.facialkeypoints.fiji;

import ij.gui.Roi;
import ij.io.RoiEncoder;
import org.facialkeypoints.data.RoiSetReader;
import org.facialkeypoints.io.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * ImageJ's RoiSet.zip (one .roi file per selection), written atomically; reading is the core's
 * {@link RoiSetReader}, which decodes entries in memory with caps on their number and size.
 */
public final class RoiSetFiles {

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

    /** The selections of a RoiSet.zip, read by the core's capped reader ({@link RoiSetReader}). */
    public static List<Roi> read(Path file) throws IOException { return RoiSetReader.read(file); }

    /** One ImageJ .roi file, read by the core's capped reader. */
    public static Roi readRoi(Path file) throws IOException { return RoiSetReader.readRoi(file); }
}
