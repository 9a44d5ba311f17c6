package org.facialkeypoints;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.PointRoi;
import ij.io.FileSaver;
import ij.io.RoiEncoder;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import org.facialkeypoints.bundle.BundleFile;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.bundle.NetworkWeights;
import org.facialkeypoints.data.IbugXmlReader;
import org.facialkeypoints.data.ImmAsfReader;
import org.facialkeypoints.data.PtsReader;
import org.facialkeypoints.detect.JpegGrayReader;
import org.facialkeypoints.detect.KeypointDetector;
import org.facialkeypoints.fiji.RoiSetFiles;
import org.facialkeypoints.image.ImageFiles;
import org.facialkeypoints.image.ReducedGray;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.model.Architectures;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.Networks;
import org.facialkeypoints.model.Pipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every reader against files from anywhere: each case runs in a fresh folder, bounded in time, and must end in a
 * clear error that names the file (or, for unusual but valid files, in a successful read); nothing may be written
 * anywhere. The corpus: small cases in src/test/resources/hostile, large and binary ones generated here.
 */
class HostileInputTest {

    enum Outcome { REJECTED, ACCEPTED, REJECTED_OR_ACCEPTED }

    /** A case: file name, how to read it, what must happen, and how to make the file when it is generated. */
    record Case(String name, String reader, Outcome outcome, Generator make) {
        @Override
        public String toString() { return name; }
    }

    @FunctionalInterface
    interface Generator {
        void write(Path file) throws Exception;
    }

    static Path sandbox;

    @BeforeAll
    static void makeSandbox() throws IOException {
        sandbox = Files.createTempDirectory("hostile");
    }

    @AfterAll
    static void removeSandbox() throws IOException {
        try (Stream<Path> s = Files.walk(sandbox)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static Stream<Case> cases() throws IOException {
        List<Case> all = new ArrayList<>();
        try (InputStream in = HostileInputTest.class.getResourceAsStream("/hostile/README.md")) {
            if (in == null) throw new IllegalStateException("hostile corpus missing from test resources");
        }
        Path dir = Path.of("src/test/resources/hostile");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String n = f.getFileName().toString();
                if (n.equals("README.md")) continue;
                String reader = n.substring(n.lastIndexOf('.') + 1);
                all.add(new Case(n, reader, Outcome.REJECTED, null));
            }
        }
        // Generated: too large, too deep, binary.
        all.add(new Case("asf-too-large.asf", "asf", Outcome.REJECTED, f -> Files.write(f, new byte[2 << 20])));
        all.add(new Case("xml-deeply-nested.xml", "xml", Outcome.REJECTED,
                f -> Files.writeString(f, "<dataset>" + "<a>".repeat(100_000) + "</a>".repeat(100_000) + "</dataset>")));
        all.add(new Case("xml-huge-attribute.xml", "xml", Outcome.REJECTED,
                f -> Files.writeString(f, "<dataset><images><image file='" + "x".repeat(5_000_000) + "'/></images></dataset>")));
        all.add(new Case("roi-zip-slip.zip", "roi", Outcome.ACCEPTED, f -> rawZip(f, "../../escaped.roi", roiBytes(), "/abs/evil.roi", roiBytes())));
        all.add(new Case("roi-zip-bomb.zip", "roi", Outcome.REJECTED, f -> deflatedZip(f, "bomb.roi", 200L << 20)));
        all.add(new Case("roi-not-zip.zip", "roi", Outcome.REJECTED, f -> Files.writeString(f, "plain text")));
        all.add(new Case("roi-empty.zip", "roi", Outcome.REJECTED, f -> rawZip(f)));
        all.add(new Case("roi-corrupt.zip", "roi", Outcome.REJECTED, f -> rawZip(f, "face.roi", "Iout garbage".getBytes())));
        all.add(new Case("roi-duplicate-entries.zip", "roi", Outcome.ACCEPTED, f -> rawZip(f, "a.roi", roiBytes(), "a.roi", roiBytes())));
        all.add(new Case("bundle-not-zip.zip", "bundle", Outcome.REJECTED, f -> Files.writeString(f, "not a model")));
        all.add(new Case("bundle-empty.zip", "bundle", Outcome.REJECTED, f -> rawZip(f)));
        all.add(new Case("bundle-zip-slip.zip", "bundle", Outcome.REJECTED, f -> rawZip(f, "../model.json", "{}".getBytes(), "../../weights.bin", new byte[8])));
        all.add(new Case("bundle-manifest-bomb.zip", "bundle", Outcome.REJECTED, f -> deflatedZip(f, "model.json", 64L << 20)));
        all.add(new Case("bundle-weights-bomb.zip", "bundle", Outcome.REJECTED, f -> deflatedZip(f, "weights.safetensors", 600L << 20)));
        all.add(new Case("bundle-duplicate-entries.zip", "bundle", Outcome.REJECTED, f -> {
            byte[][] e = entries(BundleFile.toBytes(TestModels.randomNose()));
            rawZip(f, "model.json", e[0], "model.json", e[0], "weights.safetensors", e[1]);
        }));
        all.add(new Case("bundle-58-says-68-weights.zip", "detector", Outcome.REJECTED, f -> {
            ModelConfig cfg68 = Architectures.preset(Pipeline.FACE, "compact", LandmarkSets.IBUG_68);
            try (var m = org.facialkeypoints.engine.DeepLearning.engine().newBaseManager()) {
                BundleFile.write(new ModelBundle(cfg68.withLandmarks(LandmarkSets.IMM_58), null, null, NetworkWeights.of(Networks.create(cfg68, m))), f);
            }
        }));
        all.add(new Case("bundle-newer-version.zip", "bundle", Outcome.REJECTED, f -> {
            byte[][] e = entries(BundleFile.toBytes(TestModels.randomNose()));
            String json = new String(e[0], StandardCharsets.UTF_8).replace("\"format_version\": 3", "\"format_version\": 99");
            rawZip(f, "model.json", json.getBytes(StandardCharsets.UTF_8), "weights.safetensors", e[1]);
        }));
        all.add(new Case("bundle-no-weights.zip", "bundle", Outcome.REJECTED, f -> rawZip(f, "model.json", entries(BundleFile.toBytes(TestModels.randomNose()))[0])));
        all.add(new Case("bundle-tampered.zip", "bundle", Outcome.REJECTED, f -> {
            byte[][] e = entries(BundleFile.toBytes(TestModels.randomNose()));
            e[1][e[1].length / 2] ^= 1;
            rawZip(f, "model.json", e[0], "weights.safetensors", e[1]);
        }));
        all.add(new Case("bundle-bad-json.zip", "bundle", Outcome.REJECTED, f -> rawZip(f, "model.json", "{\"format\": ".getBytes(), "weights.safetensors", new byte[8])));
        all.add(new Case("bundle-nested-json.zip", "bundle", Outcome.REJECTED, f -> rawZip(f, "model.json", "[".repeat(200_000).getBytes(), "weights.safetensors", new byte[8])));
        all.add(new Case("bundle-huge-tensor-claim.zip", "bundle", Outcome.REJECTED, f -> {
            byte[][] e = entries(BundleFile.toBytes(TestModels.randomNose()));
            ByteBuffer.wrap(e[1], 0, 8).putLong(Long.MAX_VALUE / 4); // the length of the weights' header
            rawZip(f, "model.json", e[0], "weights.safetensors", e[1]);
        }));
        // Images.
        all.add(new Case("image-empty.jpg", "image", Outcome.REJECTED, f -> Files.write(f, new byte[0])));
        all.add(new Case("image-text.jpg", "image", Outcome.REJECTED, f -> Files.writeString(f, "this is not a picture")));
        all.add(new Case("image-truncated.jpg", "image", Outcome.REJECTED_OR_ACCEPTED, f -> {
            byte[] real = Files.readAllBytes(TestData.immFile("01-1m.jpg"));
            Files.write(f, java.util.Arrays.copyOf(real, 1500));
        }));
        all.add(new Case("image-corrupt-data.jpg", "image", Outcome.REJECTED_OR_ACCEPTED, f -> {
            byte[] real = Files.readAllBytes(TestData.immFile("01-1m.jpg"));
            for (int i = real.length / 3; i < real.length / 3 + 4000; i++) real[i] = (byte) (i * 31);
            Files.write(f, real);
        }));
        all.add(new Case("image-zero-size.png", "image", Outcome.REJECTED, f -> Files.write(f, png(0, 0))));
        all.add(new Case("image-65535-wide.png", "image", Outcome.REJECTED, f -> Files.write(f, png(65535, 65535))));
        all.add(new Case("image-1x1.png", "image", Outcome.ACCEPTED, f -> new FileSaver(new ImagePlus("one", new ColorProcessor(1, 1))).saveAsPng(f.toString())));
        all.add(new Case("image-16bit.tif", "image", Outcome.ACCEPTED, f -> new FileSaver(new ImagePlus("s", new ShortProcessor(64, 48))).saveAsTiff(f.toString())));
        all.add(new Case("image-32bit.tif", "image", Outcome.ACCEPTED, f -> new FileSaver(new ImagePlus("f", new FloatProcessor(64, 48))).saveAsTiff(f.toString())));
        all.add(new Case("image-rgb.png", "image", Outcome.ACCEPTED, f -> new FileSaver(new ImagePlus("c", new ColorProcessor(64, 48))).saveAsPng(f.toString())));
        all.add(new Case("image-stack.tif", "image", Outcome.ACCEPTED, f -> {
            ImageStack st = new ImageStack(32, 24);
            st.addSlice(new ShortProcessor(32, 24));
            st.addSlice(new ShortProcessor(32, 24));
            new FileSaver(new ImagePlus("st", st)).saveAsTiffStack(f.toString());
        }));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyCaseEndsCleanly(Case c) throws Exception {
        Path work = Files.createDirectories(sandbox.resolve(c.name() + ".d"));
        Path file = work.resolve(c.name());
        if (c.make() == null) Files.copy(Path.of("src/test/resources/hostile", c.name()), file);
        else c.make().write(file);
        new FileSaver(new ImagePlus("face", new ColorProcessor(64, 48))).saveAsPng(work.resolve("face.png").toString());
        Set<String> before = listing(sandbox);
        Throwable[] thrown = {null};
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try {
                read(c.reader(), file);
            } catch (IOException | IllegalArgumentException e) {
                thrown[0] = e;
            }
        }, c.name() + " took too long");
        if (thrown[0] != null) {
            if (c.outcome() == Outcome.ACCEPTED) fail(c.name() + " should be read, but: " + thrown[0]);
            String m = String.valueOf(thrown[0].getMessage());
            assertTrue(m.contains(c.name()) || m.contains(file.toString()), c.name() + ": the message must name the file: " + m);
            assertTrue(m.length() < 600, "one clear sentence, not a dump: " + m.length() + " characters");
        } else if (c.outcome() == Outcome.REJECTED) {
            fail(c.name() + " should have been refused");
        }
        assertEquals(before, listing(sandbox), c.name() + ": nothing may be written");
    }

    static void read(String reader, Path file) throws IOException {
        switch (reader) {
            case "asf" -> ImmAsfReader.read(file);
            case "xml" -> IbugXmlReader.read(file);
            case "pts" -> PtsReader.read(file);
            case "roi" -> RoiSetFiles.read(file);
            case "bundle" -> BundleFile.read(file);
            case "detector" -> KeypointDetector.load(file.toString()).close();
            case "image" -> {
                // The reduced gray reader first: it must give up quietly (null) on whatever it cannot read.
                JpegGrayReader.read(file, (w, h) -> ReducedGray.factorFor(w, h, 8));
                ImageFiles.readGray(file);
            }
            default -> throw new IllegalStateException("no reader for " + reader);
        }
    }

    static Set<String> listing(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            Set<String> out = new TreeSet<>();
            s.forEach(p -> out.add(root.relativize(p) + (Files.isRegularFile(p) ? "#" + p.toFile().length() : "")));
            return out;
        }
    }

    /** A zip written entry by entry without any checks (duplicates, odd names), stored uncompressed. */
    static void rawZip(Path f, Object... nameAndBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < nameAndBytes.length; i += 2) {
            byte[] name = ((String) nameAndBytes[i]).getBytes(StandardCharsets.UTF_8), data = (byte[]) nameAndBytes[i + 1];
            CRC32 crc = new CRC32();
            crc.update(data);
            ByteBuffer h = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0x04034b50).putShort((short) 10).putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putInt((int) crc.getValue()).putInt(data.length).putInt(data.length).putShort((short) name.length).putShort((short) 0);
            out.write(h.array());
            out.write(name);
            out.write(data);
        }
        Files.write(f, out.toByteArray());
    }

    /** A zip whose one entry inflates to {@code size} zero bytes. */
    static void deflatedZip(Path f, String entry, long size) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            z.setLevel(Deflater.BEST_COMPRESSION);
            z.putNextEntry(new ZipEntry(entry));
            byte[] zeros = new byte[1 << 20];
            for (long w = 0; w < size; w += zeros.length) z.write(zeros);
            z.closeEntry();
        }
    }

    static byte[][] entries(byte[] bundle) throws IOException {
        byte[][] out = new byte[2][];
        try (var z = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(bundle))) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) out["model.json".equals(e.getName()) ? 0 : 1] = z.readAllBytes();
        }
        return out;
    }

    static byte[] roiBytes() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        new RoiEncoder(new DataOutputStream(b)).write(new PointRoi(new float[] {1, 2}, new float[] {3, 4}, 2));
        return b.toByteArray();
    }

    /** A PNG header (signature and IHDR) claiming the given size, with no image data after it. */
    static byte[] png(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(33);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        b.putInt(13);
        int start = b.position();
        b.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(w).putInt(h).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(b.array(), start, 17);
        b.putInt((int) crc.getValue());
        return b.array();
    }
}
