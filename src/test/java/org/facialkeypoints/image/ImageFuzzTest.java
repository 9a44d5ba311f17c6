package org.facialkeypoints.image;

import ij.ImagePlus;
import org.facialkeypoints.TestData;
import org.facialkeypoints.detect.JpegGrayReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded mutation fuzzing of the image readers: JPEGs and PNGs with flipped bits, cut short, with huge or odd sizes
 * in their headers, with overwritten runs of bytes, changed segment lengths, inserted and removed bytes. Every
 * mutant goes through the reduced-size reader ({@link JpegGrayReader}) and the full one ({@link ImageFiles#open}),
 * and each must give a valid image or one IOException whose message names the file and is one line: never another
 * exception, an error, more than {@link #HANG_MS} for one file, or anything printed on System.err or System.out. A
 * JPEG or PNG cut before its end must be refused. Mutant i of seed s is the same on every run, so a failure
 * reproduces; the longer run is {@code main}:
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat cp.txt) org.facialkeypoints.image.ImageFuzzTest 20000 [seed]</pre>
 */
class ImageFuzzTest {

    static final long SEED = 0x15_15_15L;
    static final long HANG_MS = 5_000;

    @Test
    void mutantsAreReadOrRefusedInOneLine(@TempDir Path dir) throws Exception {
        Result r = run(dir, 800, SEED, 45_000);
        assertTrue(r.failures.isEmpty(), r.summary());
        assertTrue(r.tried >= 150, "too few mutants in the time: " + r.summary());
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : SEED;
        Path dir = Files.createTempDirectory("image-fuzz");
        Result r = run(dir, count, seed, Long.MAX_VALUE);
        System.out.println(r.summary());
        System.exit(r.failures.isEmpty() ? 0 : 1);
    }

    record Seed(String name, String ext, byte[] bytes) {}

    static final class Result {
        int tried, accepted, refused;
        final List<String> failures = new ArrayList<>();
        final Map<String, Integer> kinds = new TreeMap<>();

        String summary() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d mutants: %d read, %d refused, %d failures %s",
                    tried, accepted, refused, failures.size(), kinds));
            Map<String, Integer> classes = new TreeMap<>();
            for (String f : failures) {
                String c = f.substring(f.indexOf("]: ") + 3).replaceAll("[0-9]+", "N");
                classes.merge(c.substring(0, Math.min(70, c.length())), 1, Integer::sum);
            }
            classes.forEach((c, k) -> sb.append("\n  ").append(k).append(" x ").append(c));
            for (int i = 0; i < Math.min(25, failures.size()); i++) sb.append("\n  ").append(failures.get(i));
            return sb.toString();
        }
    }

    static List<Seed> seeds() throws IOException {
        List<Seed> seeds = new ArrayList<>();
        seeds.add(new Seed("imm", "jpg", Files.readAllBytes(TestData.immFile("01-1m.jpg"))));
        BufferedImage gray = new BufferedImage(96, 64, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage rgb = new BufferedImage(96, 64, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                gray.getRaster().setSample(x, y, 0, (x * 3 + y * 5) & 255);
                rgb.setRGB(x, y, (x * 2) << 16 | (y * 4) << 8 | ((x + y) & 255));
            }
        }
        seeds.add(new Seed("gray", "jpg", encode(gray, "jpg")));
        seeds.add(new Seed("rgb", "png", encode(rgb, "png")));
        seeds.add(new Seed("gray", "png", encode(gray, "png")));
        byte[] r = new byte[16], g = new byte[16], b = new byte[16];
        for (int i = 0; i < 16; i++) {
            r[i] = (byte) (i * 16);
            g[i] = (byte) (255 - i * 16);
            b[i] = (byte) (i * 8);
        }
        BufferedImage indexed = new BufferedImage(96, 64, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(4, 16, r, g, b, 3));
        for (int y = 0; y < 64; y++) for (int x = 0; x < 96; x++) indexed.getRaster().setSample(x, y, 0, (x / 6 + y / 8) & 15);
        seeds.add(new Seed("palette", "png", encode(indexed, "png")));
        return seeds;
    }

    private static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, format, out)) throw new IOException("no writer for " + format);
        return out.toByteArray();
    }

    static Result run(Path dir, int count, long seed, long budgetMs) throws Exception {
        List<Seed> seeds = seeds();
        Result result = new Result();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream oldErr = System.err, oldOut = System.out;
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "image-fuzz");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        System.setErr(capture);
        System.setOut(capture);
        try {
            for (int i = 0; i < count; i++) {
                if ((System.nanoTime() - start) / 1_000_000 > budgetMs) break;
                Random rnd = new Random(seed * 1_000_003L + i);
                Seed s = seeds.get(i % seeds.size());
                byte[] data = s.bytes().clone();
                String kind = "";
                boolean cut = false;
                // One to three mutations; a cut, where there is one, comes last so that the file does end early.
                int n = 1 + rnd.nextInt(3);
                for (int m = 0; m < n; m++) {
                    int op = rnd.nextInt(7);
                    if (op == 1 && m < n - 1) op = 0;
                    kind += (kind.isEmpty() ? "" : "+") + OPS[op];
                    data = mutate(op, data, s.ext(), rnd);
                    cut |= op == 1;
                }
                String id = "seed " + seed + " mutant " + i + " (" + s.name() + "." + s.ext() + ", " + kind + ")";
                Path file = dir.resolve("m" + i + "-" + s.name() + "." + s.ext());
                Files.write(file, data);
                result.tried++;
                result.kinds.merge(kind.contains("+") ? "mixed" : kind, 1, Integer::sum);
                captured.reset();
                long t0 = System.nanoTime();
                Future<Object> f = pool.submit(() -> readBoth(file));
                Object outcome;
                try {
                    outcome = f.get(HANG_MS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    result.failures.add(id + ": no answer within " + HANG_MS + " ms");
                    // A reader that hangs keeps the only worker busy: the rest cannot be tried.
                    break;
                } catch (java.util.concurrent.ExecutionException e) {
                    outcome = e.getCause();
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                String problem = judge(outcome, file, cut, s.ext());
                String printed = captured.toString(StandardCharsets.UTF_8);
                if (!printed.isEmpty()) {
                    String first = printed.strip().lines().findFirst().orElse("");
                    problem = (problem == null ? "" : problem + "; ") + "printed " + printed.lines().count() + " line(s): " + first;
                }
                if (problem != null) result.failures.add(id + " [" + ms + " ms]: " + problem);
                else if (outcome instanceof IOException) result.refused++;
                else result.accepted++;
                Files.deleteIfExists(file);
            }
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
            pool.shutdownNow();
        }
        return result;
    }

    private static final String[] OPS = {"bitflip", "cut", "size", "overwrite", "length", "insert", "delete"};

    /** Both readers on the file: the image that open gave, or the exception of the first that threw. */
    private static Object readBoth(Path file) {
        try {
            ReducedGray r = JpegGrayReader.read(file, (w, h) -> ReducedGray.factorFor(w, h, 4));
            if (r != null) checkValid(r.width(), r.height());
            ImagePlus imp = ImageFiles.open(file);
            return imp;
        } catch (Throwable e) {
            return e;
        }
    }

    private static void checkValid(int w, int h) {
        if (w <= 0 || h <= 0 || w > ImageFiles.MAX_SIDE || h > ImageFiles.MAX_SIDE || (long) w * h > ImageFiles.MAX_PIXELS) {
            throw new IllegalStateException("accepted an image of " + w + "x" + h);
        }
    }

    /** Null where the outcome keeps the property. */
    private static String judge(Object outcome, Path file, boolean cut, String ext) {
        if (outcome instanceof IOException e) {
            String m = String.valueOf(e.getMessage());
            if (!m.contains(file.toString()) && !m.contains(file.getFileName().toString())) return "message does not name the file: " + m;
            if (m.contains("\n") || m.contains("\r")) return "message of several lines: " + m.lines().findFirst().orElse("");
            return null;
        }
        if (outcome instanceof Throwable t) return "threw " + t.getClass().getName() + ": " + String.valueOf(t.getMessage()).lines().findFirst().orElse("");
        if (!(outcome instanceof ImagePlus imp) || imp.getStackSize() == 0) return "neither an image nor an error: " + outcome;
        try {
            checkValid(imp.getWidth(), imp.getHeight());
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        if (cut) return "a " + ext + " cut short was read as a good image (" + imp.getWidth() + "x" + imp.getHeight() + ")";
        return null;
    }

    static byte[] mutate(int op, byte[] d, String ext, Random rnd) {
        switch (op) {
            case 0 -> { // bit flips after the signature
                byte[] c = d.clone();
                int flips = 1 + rnd.nextInt(8);
                for (int k = 0; k < flips && c.length > 8; k++) c[8 + rnd.nextInt(c.length - 8)] ^= (byte) (1 << rnd.nextInt(8));
                return c;
            }
            case 1 -> { // cut short, anywhere from the first byte to just before the last two (JPEG's end marker)
                int len = 1 + rnd.nextInt(Math.max(1, d.length - 3));
                return java.util.Arrays.copyOf(d, len);
            }
            case 2 -> {
                return ext.equals("png") ? pngSize(d, rnd) : jpegSize(d, rnd);
            }
            case 3 -> { // a run of random bytes
                byte[] c = d.clone();
                int len = 1 + rnd.nextInt(16), at = rnd.nextInt(Math.max(1, c.length - len));
                for (int k = 0; k < len && at + k < c.length; k++) c[at + k] = (byte) rnd.nextInt(256);
                return c;
            }
            case 4 -> { // a segment's or chunk's length
                byte[] c = d.clone();
                List<Integer> at = new ArrayList<>();
                if (ext.equals("png")) {
                    for (int p = 8; p + 8 <= c.length; ) {
                        at.add(p);
                        long len = u32(c, p);
                        if (len > c.length) break;
                        p += 12 + (int) len;
                    }
                } else {
                    for (int p = 2; p + 4 <= c.length && (c[p] & 0xff) == 0xFF; p += 2 + u16(c, p + 2)) {
                        at.add(p + 2);
                        if ((c[p + 1] & 0xff) == 0xDA) break;
                    }
                }
                if (at.isEmpty()) return c;
                int p = at.get(rnd.nextInt(at.size()));
                int v = switch (rnd.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> 0xFFFF;
                    case 2 -> rnd.nextInt(0x10000);
                    default -> (ext.equals("png") ? (int) u32(c, p) : u16(c, p)) + rnd.nextInt(9) - 4;
                };
                if (ext.equals("png")) {
                    long big = rnd.nextBoolean() ? v : 0x7FFFFFF0L + rnd.nextInt(15);
                    put32(c, p, big);
                } else {
                    c[p] = (byte) (v >> 8);
                    c[p + 1] = (byte) v;
                }
                return c;
            }
            case 5 -> { // bytes inserted
                int len = 1 + rnd.nextInt(32), at = 2 + rnd.nextInt(Math.max(1, d.length - 2));
                byte[] c = new byte[d.length + len];
                System.arraycopy(d, 0, c, 0, at);
                for (int k = 0; k < len; k++) c[at + k] = (byte) rnd.nextInt(256);
                System.arraycopy(d, at, c, at + len, d.length - at);
                return c;
            }
            default -> { // bytes removed
                if (d.length < 40) return d.clone();
                int len = 1 + rnd.nextInt(32), at = 2 + rnd.nextInt(d.length - len - 2);
                byte[] c = new byte[d.length - len];
                System.arraycopy(d, 0, c, 0, at);
                System.arraycopy(d, at + len, c, at, d.length - at - len);
                return c;
            }
        }
    }

    private static int pickSide(Random rnd) {
        int[] sides = {0, 1, 20_000, 10_000, 30_000, 30_001, 65_535, 46_341};
        return rnd.nextInt(4) == 0 ? rnd.nextInt(0x10000) : sides[rnd.nextInt(sides.length)];
    }

    /** The frame header's width and height, huge, zero or random. */
    static byte[] jpegSize(byte[] d, Random rnd) {
        byte[] c = d.clone();
        for (int p = 2; p + 9 <= c.length && (c[p] & 0xff) == 0xFF; p += 2 + u16(c, p + 2)) {
            int m = c[p + 1] & 0xff;
            if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
                // A third of them the decompression bomb of 20000 x 10000 pixels (the cap's full 200 million).
                boolean bomb = rnd.nextInt(3) == 0;
                int w = bomb ? 20_000 : pickSide(rnd), h = bomb ? 10_000 : pickSide(rnd);
                c[p + 5] = (byte) (h >> 8);
                c[p + 6] = (byte) h;
                c[p + 7] = (byte) (w >> 8);
                c[p + 8] = (byte) w;
                return c;
            }
        }
        return c;
    }

    /** IHDR's width and height, huge, zero or random, with the chunk's CRC made to fit (mostly). */
    static byte[] pngSize(byte[] d, Random rnd) {
        byte[] c = d.clone();
        if (c.length < 33) return c;
        boolean bomb = rnd.nextInt(3) == 0;
        long w = bomb ? 20_000 : rnd.nextInt(6) == 0 ? 0x7FFFFFFFL : pickSide(rnd);
        long h = bomb ? 10_000 : rnd.nextInt(6) == 0 ? 0x7FFFFFFFL : pickSide(rnd);
        put32(c, 16, w);
        put32(c, 20, h);
        if (rnd.nextInt(5) != 0) {
            CRC32 crc = new CRC32();
            crc.update(c, 12, 17);
            put32(c, 29, crc.getValue());
        }
        return c;
    }

    private static int u16(byte[] c, int p) { return p + 1 < c.length ? (c[p] & 0xff) << 8 | (c[p + 1] & 0xff) : 0; }

    private static long u32(byte[] c, int p) {
        return (long) (c[p] & 0xff) << 24 | (c[p + 1] & 0xff) << 16 | (c[p + 2] & 0xff) << 8 | (c[p + 3] & 0xff);
    }

    private static void put32(byte[] c, int p, long v) {
        c[p] = (byte) (v >> 24);
        c[p + 1] = (byte) (v >> 16);
        c[p + 2] = (byte) (v >> 8);
        c[p + 3] = (byte) v;
    }
}
