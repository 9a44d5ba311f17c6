package org.facialkeypoints.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.facialkeypoints.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as a user runs it, in process. */
class CommandLineTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void detectOnTheSampleDataWritesTheCsvAndOverlays() throws IOException {
        Path csv = dir.resolve("out/points.csv");
        Path overlays = dir.resolve("overlays");
        Run r = run("detect", "--model", "face", "--csv", csv.toString(), "--overlay", overlays.toString(), "sample-data");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("image,face,point,name,x,y", lines.get(0));
        assertEquals(1 + 4 * 58, lines.size());
        assertTrue(lines.get(1).startsWith("33-1m.jpg,0,0,jaw_right_6,"), lines.get(1));
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            double x = Double.parseDouble(f[4]), y = Double.parseDouble(f[5]);
            assertTrue(x > 0 && x < 640 && y > 0 && y < 480, l);
        }
        for (String stem : List.of("33-1m", "35-2f", "37-4m", "40-6m")) {
            Path png = overlays.resolve(stem + ".png");
            assertEquals(640, ImageIO.read(png.toFile()).getWidth(), png.toString());
        }
    }

    @Test
    void detectSaysWhichDeviceItRunsOnAndRefusesAnUnknownOne() {
        Run cpu = run("detect", "--model", "nose", "--device", "cpu", "sample-data/33-1m.jpg");
        assertEquals(0, cpu.code(), cpu.err());
        assertTrue(cpu.err().contains("Device: cpu()"), cpu.err());
        Run tpu = run("detect", "--model", "nose", "--device", "tpu", "sample-data/33-1m.jpg");
        assertEquals(Main.FAILED, tpu.code());
        assertTrue(tpu.err().contains("unknown device 'tpu'") && tpu.err().lines().count() == 1, tpu.err());
    }

    @Test
    void evaluatePrintsTheJsonSummaryLast() {
        Run r = run("evaluate", "--model", "face", "--data", "sample-data", "--split", "all");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().trim().split("\n");
        JsonObject json = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        assertEquals(4, json.get("images").getAsInt());
        assertEquals(58, json.get("points").getAsInt());
        assertTrue(json.get("mse_norm").getAsDouble() < 0.0041, "beats the mean shape on the sample faces: " + json);
        assertTrue(json.has("mae_px") && json.has("mean_err_px"));
    }

    @Test
    void evaluateTheNoseModelOn58PointData() {
        Run r = run("evaluate", "--model", "nose", "--data", TestData.imm().toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().trim().split("\n");
        JsonObject json = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        assertEquals(48, json.get("images").getAsInt());
        assertEquals(1, json.get("points").getAsInt());
        assertTrue(json.get("mean_err_px").getAsDouble() < 24, json.toString());
        // Six validation faces had an eye listed from its inner corner; the repair is said in one line.
        List<String> repaired = java.util.Arrays.stream(lines).filter(l -> l.startsWith("Repaired on reading: ")).toList();
        assertEquals(1, repaired.size(), r.out());
        assertTrue(repaired.get(0).startsWith("Repaired on reading: 33-3m.asf: ") && repaired.get(0).endsWith("(and 5 more: 36-4m.asf, 36-5m.asf, 36-6m.asf, 39-3m.asf, 40-5m.asf)"), repaired.get(0));
    }

    @Test
    void missingImagesUnknownModelsAndEmptyFoldersAreOneLineErrors() throws IOException {
        Path csv = dir.resolve("points.csv");
        Run missing = run("detect", "--model", "face", "--csv", csv.toString(), "no/such/face.jpg");
        assertEquals(Main.FAILED, missing.code());
        assertTrue(missing.err().contains("no/such/face.jpg"), missing.err());
        assertFalse(Files.exists(csv), "no partial output");

        Run unknown = run("detect", "--model", "elephant", "sample-data");
        assertEquals(Main.FAILED, unknown.code());
        assertTrue(unknown.err().contains("elephant") && unknown.err().lines().count() == 1, unknown.err());

        Path empty = Files.createDirectory(dir.resolve("empty"));
        Run none = run("detect", "--model", "face", empty.toString());
        assertEquals(Main.FAILED, none.code());
        assertTrue(none.err().contains("No images"), none.err());

        Run noData = run("evaluate", "--model", "face", "--data", empty.toString());
        assertEquals(Main.FAILED, noData.code());
        assertTrue(noData.err().contains(empty.toString()), noData.err());
    }

    @Test
    void aCorruptBundleIsRefusedWithItsPath() throws IOException {
        Path bad = dir.resolve("broken.zip");
        Files.write(bad, new byte[] {'P', 'K', 3, 4, 0, 0, 1, 2, 3});
        Run r = run("detect", "--model", bad.toString(), "sample-data");
        assertEquals(Main.FAILED, r.code());
        assertTrue(r.err().contains("broken.zip"), r.err());
    }

    @Test
    void anUnreadableImageInAFolderIsSkippedAndReported() throws IOException {
        Path in = Files.createDirectory(dir.resolve("in"));
        Files.copy(Path.of("sample-data/33-1m.jpg"), in.resolve("a.jpg"));
        Files.writeString(in.resolve("b.jpg"), "not a jpeg");
        Files.copy(Path.of("sample-data/35-2f.jpg"), in.resolve("c.jpg"));
        Path csv = dir.resolve("points.csv");
        Run r = run("detect", "--model", "nose", "--csv", csv.toString(), in.toString());
        assertEquals(Main.PARTIAL, r.code(), r.err());
        assertTrue(r.err().contains("b.jpg"), r.err());
        assertEquals(3, Files.readAllLines(csv).size());
    }

    @Test
    void kaggleSubmissionHasOneRowPerCoordinateInXmlOrder() throws IOException {
        // A 68-point model, untrained but of the right shape, is enough to check the layout.
        var cfg = org.facialkeypoints.model.Architectures.preset(org.facialkeypoints.model.Pipeline.RESNET, "resnet18",
                org.facialkeypoints.landmarks.LandmarkSets.IBUG_68).withInputSize(64, 64);
        Path model = dir.resolve("r.zip");
        try (var m = org.facialkeypoints.engine.DeepLearning.engine().newBaseManager()) {
            org.facialkeypoints.bundle.BundleFile.write(new org.facialkeypoints.bundle.ModelBundle(cfg, null, null,
                    org.facialkeypoints.model.Networks.weightsOf(org.facialkeypoints.model.Networks.create(cfg, m))), model);
        }
        Path sub = dir.resolve("kaggle.csv");
        Run r = run("detect", "--model", model.toString(), "--boxes", TestData.dlib().resolve("testing.xml").toString(), "--kaggle", sub.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(sub);
        assertEquals("Id,Predicted", lines.get(0));
        assertEquals(1 + 25 * 68 * 2, lines.size());
        assertTrue(lines.get(1).startsWith("0,") && lines.get(lines.size() - 1).startsWith((25 * 136 - 1) + ","));
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(Main.USAGE, run("detect", "--modle", "face", "sample-data").code());
        assertEquals(Main.USAGE, run("train", "--pipeline", "face").code());
        assertEquals(Main.USAGE, run("frobnicate").code());
        Run help = run("train", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--pipeline"));
    }
}
