package org.facialkeypoints.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.facialkeypoints.TestData;
import org.facialkeypoints.io.PartialCsv;
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

    /** The four sample IMM faces with their shape files, in a folder of their own. */
    Path samples() throws IOException {
        Path s = dir.resolve("samples");
        return Files.isDirectory(s) ? s : TestData.copyImmSamples(s);
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void detectOnTheSampleDataWritesTheCsvAndOverlays() throws IOException {
        Path csv = dir.resolve("out/points.csv");
        Path overlays = dir.resolve("overlays");
        Run r = run("detect", "--model", "face", "--csv", csv.toString(), "--overlay", overlays.toString(), samples().toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("image,face,point,name,x,y,score", lines.get(0));
        assertEquals(1 + 4 * 58, lines.size());
        assertTrue(lines.get(1).startsWith("33-1m.jpg,0,0,jaw_right_6,"), lines.get(1));
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            double x = Double.parseDouble(f[4]), y = Double.parseDouble(f[5]);
            assertTrue(x > 0 && x < 640 && y > 0 && y < 480, l);
        }
        for (String stem : TestData.IMM_SAMPLES) {
            Path png = overlays.resolve(stem + ".png");
            assertEquals(640, ImageIO.read(png.toFile()).getWidth(), png.toString());
        }
    }

    @Test
    void detectSaysWhichDeviceItRunsOnAndRefusesAnUnknownOne() {
        Run cpu = run("detect", "--model", "nose", "--device", "cpu", TestData.immSample("33-1m").toString());
        assertEquals(0, cpu.code(), cpu.err());
        assertTrue(cpu.err().contains("Device: cpu()"), cpu.err());
        Run tpu = run("detect", "--model", "nose", "--device", "tpu", TestData.immSample("33-1m").toString());
        assertEquals(Main.FAILED, tpu.code());
        assertTrue(tpu.err().contains("unknown device 'tpu'") && tpu.err().lines().count() == 1, tpu.err());
    }

    @Test
    void evaluatePrintsTheJsonSummaryLast() throws IOException {
        Run r = run("evaluate", "--model", "face", "--data", samples().toString(), "--split", "all");
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

        Run unknown = run("detect", "--model", "elephant", samples().toString());
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
        Run r = run("detect", "--model", bad.toString(), samples().toString());
        assertEquals(Main.FAILED, r.code());
        assertTrue(r.err().contains("broken.zip"), r.err());
    }

    @Test
    void anUnreadableImageInAFolderIsSkippedAndReported() throws IOException {
        Path in = Files.createDirectory(dir.resolve("in"));
        Files.copy(TestData.immSample("33-1m"), in.resolve("a.jpg"));
        Files.writeString(in.resolve("b.jpg"), "not a jpeg");
        Files.copy(TestData.immSample("35-2f"), in.resolve("c.jpg"));
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
                    org.facialkeypoints.bundle.NetworkWeights.of(org.facialkeypoints.model.Networks.create(cfg, m))), model);
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
        assertEquals(Main.USAGE, run("detect", "--modle", "face", ".").code());
        assertEquals(Main.USAGE, run("train", "--pipeline", "face").code());
        assertEquals(Main.USAGE, run("frobnicate").code());
        Run help = run("train", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--pipeline"));
    }

    /** The README's main command, exactly: offline, the sample's box from its file, 68 points on the face. */
    @Test
    void theReadmesMainCommandPutsSixtyEightPointsOnTheSampleFace() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String main = "detect --boxes sample-data/astronaut-face.xml --csv results/keypoints.csv --overlay results";
        assertTrue(readme.contains("java -jar target/facial-keypoints.jar " + main), "README's quick start changed; update this test");
        Path csv = dir.resolve("results/keypoints.csv");
        Run r = run("detect", "--boxes", "sample-data/astronaut-face.xml", "--csv", csv.toString(), "--overlay", dir.resolve("results").toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("image,face,point,name,x,y,score,confidence", lines.get(0));
        assertEquals(1 + 68, lines.size());
        // The face's box in sample-data/astronaut-face.xml: left 177, top 91, 95 x 83.
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",", -1);
            assertEquals("astronaut.png", f[0]);
            assertEquals("", f[6], "a given box has no detector score");
            double x = Double.parseDouble(f[4]), y = Double.parseDouble(f[5]);
            assertTrue(x > 177 - 10 && x < 177 + 95 + 10 && y > 91 - 10 && y < 91 + 83 + 10, l);
        }
        assertTrue(Files.isRegularFile(dir.resolve("results/astronaut.png")));
    }

    /**
     * Found and given faces name their image the same way (relative to the folder that lists it), so tables from
     * both join; a found face has a detector score, and the boxes it saves give it back.
     */
    @Test
    void foundAndGivenFacesShareTheImageColumnAndSavedBoxesReplayThem() throws IOException {
        Path found = dir.resolve("found.csv"), boxes = dir.resolve("sample-data-boxes.xml"), given = dir.resolve("given.csv");
        Path folder = Files.createDirectory(dir.resolve("photos"));
        Files.copy(Path.of("sample-data/astronaut.png"), folder.resolve("astronaut.png"));
        Files.copy(TestData.dlib().resolve("2008_002506.jpg"), folder.resolve("group.jpg"));
        Run r = run("detect", "--csv", found.toString(), "--save-boxes", boxes.toString(), folder.toString());
        assertEquals(0, r.code(), r.err());
        List<String> a = Files.readAllLines(found);
        assertTrue(a.stream().anyMatch(l -> l.startsWith("group.jpg,1,")), "several faces on the group photo");
        assertTrue(a.get(1).split(",")[6].matches("0\\.9\\d{3}|1\\.0000|0\\.8[5-9]\\d{2}"), a.get(1));
        Path moved = Files.createDirectory(dir.resolve("elsewhere"));
        Path xml = moved.resolve("boxes.xml");
        Files.writeString(xml, Files.readString(boxes).replace("file='photos/", "file='../photos/"));
        Run again = run("detect", "--boxes", xml.toString(), "--csv", given.toString());
        assertEquals(0, again.code(), again.err());
        List<String> b = Files.readAllLines(given);
        assertEquals(a.size(), b.size(), "every saved face comes back");
        for (int i = 1; i < a.size(); i++) {
            String[] fa = a.get(i).split(",", -1), fb = b.get(i).split(",", -1);
            assertEquals(fa[0].replace("photos/", ""), fb[0].replace("../photos/", ""), "one rule for the image column");
            assertEquals(fa[1], fb[1]);
            assertEquals(Double.parseDouble(fa[4]), Double.parseDouble(fb[4]), 2.0, "the saved box (whole pixels) gives the points back");
        }
    }

    @Test
    void wholeImageModelsRefuseBoxesAndAMissingDetectorIsOneSentence() {
        Run boxes = run("detect", "--model", "face", "--boxes", TestData.dlib().resolve("testing.xml").toString());
        assertEquals(Main.USAGE, boxes.code());
        assertTrue(boxes.err().contains("cannot use face boxes"), boxes.err());
        Run missing = run("detect", "--detector", dir.resolve("no-such.onnx").toString(), "sample-data");
        assertEquals(Main.FAILED, missing.code());
        assertTrue(missing.err().contains("no-such.onnx") && missing.err().lines().filter(l -> l.startsWith("error")).count() == 1, missing.err());
        Run whole = run("detect", "--model", "nose", "--whole-image", "--detector", dir.resolve("no-such.onnx").toString(), "sample-data");
        assertEquals(0, whole.code(), "no face detector is needed for --whole-image: " + whole.err());
    }

    @Test
    void modelsListsTheTermsOfThe300wModels() {
        Run r = run("models");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("face68 (= unet68) [default]"), r.out());
        long terms = r.out().lines().filter(l -> l.contains("non-commercial use only")).count();
        assertEquals(3, terms, "resnet68, unet68 and face68 carry the 300-W terms: " + r.out());
        assertTrue(r.out().contains("YuNet"));
    }

    /** A photo without a face gets no rows and one line saying so, for every kind of model; the run still succeeds. */
    @Test
    void anImageWithoutAFaceIsReportedNotLandmarked() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("noface"));
        ImageIO.write(new java.awt.image.BufferedImage(400, 300, java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png", folder.resolve("wall.png").toFile());
        Files.copy(TestData.immSample("33-1m"), folder.resolve("33-1m.jpg"));
        for (String model : List.of("face68", "face")) {
            Path csv = dir.resolve(model + ".csv");
            Run r = run("detect", "--model", model, "--csv", csv.toString(), folder.toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().contains("no face found: " + folder.resolve("wall.png")), r.err());
            assertTrue(r.err().contains("1 image(s) without a face"), r.err());
            List<String> rows = Files.readAllLines(csv);
            assertTrue(rows.stream().skip(1).allMatch(l -> l.startsWith("33-1m.jpg,0,")), model + ": only the face's rows");
            assertTrue(rows.size() > 1, model + " found the IMM face");
        }
    }

    /** A run stopped half way keeps its rows in <csv>.partial; --resume finishes it to what one whole run gives. */
    @Test
    void anInterruptedFolderRunResumesToTheSameTable() throws IOException {
        Path folder = samples();
        Path whole = dir.resolve("whole.csv"), resumed = dir.resolve("resumed.csv");
        Run r = run("detect", "--model", "nose", "--whole-image", "--csv", whole.toString(), folder.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(whole);
        assertEquals(5, lines.size());
        // What a run killed after two images and a half leaves.
        Files.writeString(PartialCsv.partialOf(resumed), String.join("\n", lines.subList(0, 3)) + "\n" + lines.get(3).substring(0, 9));
        Run again = run("detect", "--model", "nose", "--whole-image", "--resume", "--csv", resumed.toString(), folder.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("resumed: 1 image(s) already in"), again.err());
        assertEquals(lines, Files.readAllLines(resumed));
        assertFalse(Files.exists(PartialCsv.partialOf(resumed)));
        Run unwritable = run("detect", "--model", "nose", "--whole-image", "--csv", "/proc/no-such/points.csv", folder.toString());
        assertEquals(Main.FAILED, unwritable.code());
        assertTrue(unwritable.err().contains("Cannot write to the folder"), unwritable.err());
    }

    /** train finds an unwritable output folder before it reads any data or trains an epoch. */
    @Test
    void trainRefusesAnUnwritableOutputBeforeTraining() {
        long t0 = System.nanoTime();
        Run r = run("train", "--pipeline", "nose", "--data", TestData.imm().toString(), "--epochs", "1", "--out", "/proc/no-such/nose.zip");
        assertEquals(Main.FAILED, r.code());
        assertTrue(r.err().contains("/proc/no-such"), r.err());
        assertTrue(r.out().isEmpty() || !r.out().contains("epoch"), "no epoch ran: " + r.out());
        assertTrue((System.nanoTime() - t0) / 1e9 < 20, "refused at once");
    }
}
