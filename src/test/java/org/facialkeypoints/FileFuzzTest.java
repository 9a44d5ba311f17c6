package org.facialkeypoints;

import org.facialkeypoints.bundle.BundleFile;
import org.facialkeypoints.data.IbugXmlReader;
import org.facialkeypoints.data.ImmAsfReader;
import org.facialkeypoints.data.PtsReader;
import org.facialkeypoints.fiji.RoiSetFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded mutants of every non-image file the program reads (model bundle, RoiSet.zip, .roi, iBUG XML, IMM .asf,
 * 300-W .pts): each must read or fail with one IOException whose message names the file and has no line break,
 * within a few seconds; never another exception, an out-of-memory or a hang. The CI run is short; a longer one:
 * {@code java -cp target/test-classes:target/classes:<deps> org.facialkeypoints.FileFuzzTest COUNT [SEED]}.
 */
class FileFuzzTest {

    @TempDir
    Path dir;

    @Test
    void mutantsReadOrFailCleanly() throws Exception {
        List<String> failures = run(dir, 100, 20260415L);
        if (!failures.isEmpty()) fail(failures.size() + " mutants failed:\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
        Path d = Files.createTempDirectory("file-fuzz");
        List<String> failures = run(d, count, seed);
        System.out.println("seed " + seed + ": " + failures.size() + " failures");
        failures.forEach(System.out::println);
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    interface Reader {
        void read(Path file) throws IOException;
    }

    record Kind(String name, byte[] seed, Reader reader) {}

    static List<Kind> kinds(Path dir) throws IOException {
        Files.copy(TestData.immFile("01-1m.jpg"), dir.resolve("01-1m.jpg"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<Kind> k = new ArrayList<>();
        k.add(new Kind("bundle.zip", BundleFile.toBytes(TestModels.randomNose()), BundleFile::read));
        List<ij.gui.Roi> rois = List.of(new ij.gui.PointRoi(new float[] {1, 2, 3}, new float[] {4, 5, 6}, 3));
        Path roiZip = dir.resolve("seed-RoiSet.zip");
        RoiSetFiles.write(rois, roiZip);
        k.add(new Kind("RoiSet.zip", Files.readAllBytes(roiZip), RoiSetFiles::read));
        java.io.ByteArrayOutputStream roi = new java.io.ByteArrayOutputStream();
        new ij.io.RoiEncoder(roi).write(rois.get(0));
        k.add(new Kind("points.roi", roi.toByteArray(), RoiSetFiles::readRoi));
        StringBuilder xml = new StringBuilder("<?xml version='1.0'?>\n<dataset><images><image file='01-1m.jpg'><box top='10' left='10' width='100' height='100'>");
        for (int i = 0; i < 5; i++) xml.append("<part name='").append(i).append("' x='").append(20 + i).append("' y='30'/>");
        xml.append("</box></image></images></dataset>\n");
        k.add(new Kind("faces.xml", xml.toString().getBytes(StandardCharsets.UTF_8), f -> IbugXmlReader.read(f)));
        k.add(new Kind("01-1m.asf", Files.readAllBytes(TestData.immFile("01-1m.asf")), f -> ImmAsfReader.read(f)));
        k.add(new Kind("01-1m.pts", "version: 1\nn_points: 3\n{\n10 10\n20 20\n30 30\n}\n".getBytes(StandardCharsets.UTF_8), f -> PtsReader.read(f)));
        return k;
    }

    static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        switch (r.nextInt(6)) {
            case 0 -> { for (int i = 0, n = 1 + r.nextInt(8); i < n && b.length > 0; i++) b[r.nextInt(b.length)] = (byte) r.nextInt(256); }
            case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
            case 2 -> {
                // Overwrite four bytes with an extreme integer, as a size or count would be.
                if (b.length >= 4) {
                    int at = r.nextInt(b.length - 3);
                    int v = new int[] {-1, Integer.MAX_VALUE, 0x7FFF, 0xFFFF, 1 << 30, 0}[r.nextInt(6)];
                    b[at] = (byte) (v >>> 24); b[at + 1] = (byte) (v >>> 16); b[at + 2] = (byte) (v >>> 8); b[at + 3] = (byte) v;
                }
            }
            case 3 -> {
                // Repeat a slice (a duplicated entry, line or element).
                int from = r.nextInt(Math.max(1, b.length)), len = Math.min(b.length - from, 1 + r.nextInt(200));
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, from + len);
                System.arraycopy(b, from, out, from + len, b.length - from);
                b = out;
            }
            case 4 -> {
                // Text edits: digits to huge numbers, names to paths that leave the folder.
                String t = new String(b, StandardCharsets.ISO_8859_1);
                String[] swaps = {"99999999999", "-1", "NaN", "1e308", "../../etc/passwd", "/", ""};
                t = t.replaceFirst("[0-9]+", swaps[r.nextInt(swaps.length)]).replace("01-1m.jpg", r.nextBoolean() ? "../01-1m.jpg" : "01-1m.jpg");
                b = t.getBytes(StandardCharsets.ISO_8859_1);
            }
            default -> { if (b.length > 1) { int at = r.nextInt(b.length); b = java.util.Arrays.copyOf(b, b.length - 1 - 0 * at); } }
        }
        return b;
    }

    static List<String> run(Path dir, int perKind, long seed) throws Exception {
        List<String> failures = new ArrayList<>();
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Kind k : kinds(dir)) {
                Random r = new Random(seed ^ k.name().hashCode());
                for (int i = 0; i < perKind; i++) {
                    byte[] bytes = mutate(k.seed(), r);
                    Path f = dir.resolve(k.name());
                    Files.write(f, bytes);
                    String id = k.name() + " #" + i + " (seed " + seed + ")";
                    Future<Throwable> result = pool.submit(() -> {
                        try {
                            k.reader().read(f);
                            return null;
                        } catch (Throwable t) {
                            return t;
                        }
                    });
                    Throwable t;
                    try {
                        t = result.get(10, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        failures.add(id + ": hangs");
                        pool.shutdownNow();
                        return failures;
                    }
                    if (t == null) continue;
                    String m = String.valueOf(t.getMessage());
                    if (!(t instanceof IOException)) failures.add(id + ": " + t.getClass().getName() + ": " + m.lines().findFirst().orElse(""));
                    else if (!m.contains(k.name()) || m.contains("\n") || m.contains("\r")) failures.add(id + ": unclear message: " + m.lines().findFirst().orElse(""));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return failures;
    }
}
