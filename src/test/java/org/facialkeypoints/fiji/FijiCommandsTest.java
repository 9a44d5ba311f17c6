package org.facialkeypoints.fiji;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import org.facialkeypoints.TestData;
import org.facialkeypoints.detect.FaceKeypoints;
import org.facialkeypoints.detect.KeypointDetector;
import org.facialkeypoints.fiji.commands.DetectKeypointsCommand;
import org.facialkeypoints.fiji.commands.ExportKeypointsCommand;
import org.facialkeypoints.fiji.commands.OpenSampleFaceCommand;
import org.facialkeypoints.fiji.commands.TrainKeypointModelCommand;
import org.facialkeypoints.image.ImageFiles;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.landmarks.Landmarks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.ui.UIService;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Fiji commands run headless through a SciJava context, as Fiji's command service runs them: full pre- and
 * post-processing, with the UI service whose file preprocessor asks for a lone unset file input.
 */
class FijiCommandsTest {

    static Context context;
    static CommandService commands;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        context = new Context(CommandService.class, UIService.class);
        commands = context.service(CommandService.class);
    }

    @AfterAll
    static void stop() {
        context.dispose();
    }

    @SuppressWarnings("unchecked")
    static <C extends org.scijava.command.Command> C run(Class<C> type, Object... inputs) throws InterruptedException, ExecutionException {
        CommandModule m = commands.run(type, true, inputs).get();
        return (C) m.getCommand();
    }

    @Test
    void detectPutsNamedPointsOnTheImageCloseToTheCommandLines() throws Exception {
        ImagePlus imp = ImageFiles.open(TestData.immSample("35-2f"));
        DetectKeypointsCommand c = run(DetectKeypointsCommand.class, "imp", imp, "model", "face", "show_labels", true, "results_table", false);
        assertNull(c.error());
        Roi roi = imp.getRoi();
        assertEquals(Roi.POINT, roi.getType());
        assertEquals(58, roi.getFloatPolygon().npoints);
        assertEquals("imm-58", roi.getProperty(RoiConversion.PROP_SET));
        assertTrue(RoiConversion.landmarkSet(roi).sameAs(LandmarkSets.IMM_58));
        assertEquals(58, c.outcome().table().size());
        assertEquals("subnasale", c.outcome().table().getStringValue("name", 52));
        assertTrue(imp.getOverlay().size() > 58, "point labels in the overlay");
        try (KeypointDetector d = KeypointDetector.load("face")) {
            FaceKeypoints cli = d.detect(ImageFiles.readGray(TestData.immSample("35-2f")), null);
            Landmarks fiji = RoiConversion.points(roi);
            for (int i = 0; i < 58; i++) {
                assertEquals(cli.points().x(i), fiji.x(i), 0.01);
                assertEquals(cli.points().y(i), fiji.y(i), 0.01);
            }
        }
    }

    @Test
    void everyBitDepthAndStackSlice() throws Exception {
        ImagePlus rgb = ImageFiles.open(TestData.immSample("33-1m"));
        var gray8 = rgb.getProcessor().convertToByte(true);
        ImageStack stack = new ImageStack(rgb.getWidth(), rgb.getHeight());
        stack.addSlice(gray8.convertToShort(false));
        stack.addSlice(new ij.process.ShortProcessor(rgb.getWidth(), rgb.getHeight()));
        stack.addSlice(gray8.convertToShort(false));
        ImagePlus imp = new ImagePlus("stack", stack);
        imp.setDisplayRange(0, 255);
        DetectKeypointsCommand c = run(DetectKeypointsCommand.class, "imp", imp, "model", "nose", "results_table", false);
        assertNull(c.error());
        assertEquals(2, c.outcome().faces().size());
        assertEquals(List.of("slice 2 is blank (one intensity everywhere)"), c.outcome().skipped());
        assertEquals(1, c.outcome().faces().get(0).getPosition());
        assertEquals(3, c.outcome().faces().get(1).getPosition());
        double x16 = RoiConversion.points(c.outcome().faces().get(0)).x(0);
        assertEquals(x16, RoiConversion.points(c.outcome().faces().get(1)).x(0), 1e-6, "the same face on two slices");
        // The same face as 8-bit, 32-bit and RGB finds the nose within a few pixels.
        ij.process.ImageProcessor float32 = gray8.convertToFloat();
        float32.setMinAndMax(0, 255);
        for (ij.process.ImageProcessor ip : List.of(gray8, float32, rgb.getProcessor())) {
            ImagePlus one = new ImagePlus("one", ip);
            DetectKeypointsCommand d = run(DetectKeypointsCommand.class, "imp", one, "model", "nose", "results_table", false);
            assertNull(d.error());
            assertEquals(x16, RoiConversion.points(one.getRoi()).x(0), 3, ip.getClass().getSimpleName());
        }
    }

    @Test
    void pointSelectionsRoundTripThroughRoiSetWithSubpixelPositions() throws IOException {
        Landmarks p = new Landmarks(new double[] {10.25, 20.5, 30.75}, new double[] {5.125, 6.5, 7.875});
        PointRoi roi = RoiConversion.toRoi(p, LandmarkSets.IMM_58.subset("three", 13, 21, 52), "face 1", null);
        Path zip = dir.resolve("RoiSet.zip");
        RoiSetFiles.write(List.of(roi), zip);
        Roi back = RoiSetFiles.read(zip).get(0);
        Landmarks q = RoiConversion.points(back);
        for (int i = 0; i < 3; i++) {
            assertEquals(p.x(i), q.x(i), 1e-4);
            assertEquals(p.y(i), q.y(i), 1e-4);
        }
        assertEquals(List.of("left_eye_outer", "right_eye_outer", "subnasale"), RoiConversion.landmarkSet(back).names());
        assertEquals(1, RoiConversion.landmarkSet(back).flipPartner(0));
    }

    @Test
    void correctedSelectionsBecomeTrainingDataAndTrainingReducesTheLoss() throws Exception {
        // Ground truth as the "corrected" selections on twelve open images.
        List<ImagePlus> open = new java.util.ArrayList<>();
        List<String> names;
        try (var files = Files.list(TestData.imm())) {
            names = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("(0\\d|1[0-2])-1[mf]\\.jpg"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
        assertEquals(12, names.size());
        for (String n : names) {
            ImagePlus imp = ImageFiles.open(TestData.immFile(n + ".jpg"));
            Landmarks truth = org.facialkeypoints.data.ImmAsfReader.read(TestData.immFile(n + ".asf")).points();
            imp.setRoi(RoiConversion.toRoi(truth, LandmarkSets.IMM_58, "face 1", null));
            open.add(imp);
        }
        RoiDatasets.RoiData data = RoiDatasets.fromOpenImages(open);
        assertEquals(12, data.dataset().size());
        assertTrue(data.dataset().landmarks().sameAs(LandmarkSets.IMM_58));
        TrainingMonitor monitor = new TrainingMonitor(false);
        var result = KeypointTool.trainOnOpenImages(open, new KeypointTool.TrainOptions(org.facialkeypoints.model.Pipeline.NOSE, "", 8, 1e-3, 4,
                0.25, 1, dir.resolve("nose.zip"), ""), monitor);
        assertTrue(result.history().get(0).trainLoss() > result.history().get(result.history().size() - 1).trainLoss());
        assertTrue(Files.size(dir.resolve("nose.zip")) > 1000);
        assertNotNull(monitor.plot());
    }

    @Test
    void exportedPointsReadBackAsTrainingData() throws Exception {
        ImagePlus imp = ImageFiles.open(TestData.immSample("37-4m"));
        run(DetectKeypointsCommand.class, "imp", imp, "model", "face", "results_table", false);
        // Drag one point, as a user correcting it would.
        PointRoi roi = (PointRoi) imp.getRoi();
        Landmarks p = RoiConversion.points(roi);
        double[] x = p.xs(), y = p.ys();
        x[52] += 4.5;
        PointRoi corrected = RoiConversion.toRoi(new Landmarks(x, y), LandmarkSets.IMM_58, "face 1", null);
        imp.setRoi(corrected);
        Path out = Files.createDirectory(dir.resolve("export"));
        ExportKeypointsCommand c = run(ExportKeypointsCommand.class, "imp", imp, "format", "asf", "folder", out.toFile());
        assertNull(c.error());
        var sample = org.facialkeypoints.data.DatasetLoader.load(out).samples().get(0);
        assertEquals(x[52], sample.points().x(52), 0.01);
        assertTrue(Files.exists(out.resolve("37-4m.jpg")), "the image is copied beside its shape file");
        ExportKeypointsCommand xml = run(ExportKeypointsCommand.class, "imp", imp, "format", "ibug-xml", "folder", out.toFile());
        assertNull(xml.error());
        assertEquals(58, org.facialkeypoints.data.IbugXmlReader.read(xml.written()).dataset().landmarks().size());
    }

    @Test
    void badInputsGiveClearMessages() throws Exception {
        DetectKeypointsCommand none = run(DetectKeypointsCommand.class, "imp", null, "model", "face");
        assertTrue(none.error().contains("open an image"), none.error());
        ImagePlus imp = ImageFiles.open(TestData.immSample("33-1m"));
        DetectKeypointsCommand badModel = run(DetectKeypointsCommand.class, "imp", imp, "model", "/no/such/model.zip");
        assertTrue(badModel.error().contains("/no/such/model.zip"), badModel.error());
        ImagePlus blank = new ImagePlus("blank", new ByteProcessor(64, 48));
        DetectKeypointsCommand empty = run(DetectKeypointsCommand.class, "imp", blank, "model", "nose");
        assertTrue(empty.error().contains("blank"), empty.error());
        Path noPoints = Files.createDirectory(dir.resolve("no-points"));
        Files.copy(TestData.immSample("33-1m"), noPoints.resolve("33-1m.jpg"));
        TrainKeypointModelCommand t = run(TrainKeypointModelCommand.class, "source", "folder", "folder", noPoints.toFile(),
                "pipeline", "face", "epochs", 1, "output", dir.resolve("m.zip").toFile());
        assertTrue(t.error().contains("No images with point selections"), t.error());
        ImagePlus plain = ImageFiles.open(TestData.immSample("33-1m"));
        ExportKeypointsCommand e = run(ExportKeypointsCommand.class, "imp", plain, "format", "csv", "folder", dir.toFile());
        assertTrue(e.error().contains("no point selections"), e.error());
        // A 68-point model cannot continue training on 58-point data.
        Path imm = TestData.imm();
        TrainKeypointModelCommand mismatch = run(TrainKeypointModelCommand.class, "source", "folder", "folder", imm.toFile(),
                "pipeline", "face", "epochs", 1, "output", dir.resolve("m.zip").toFile(), "start_from", "nose");
        assertTrue(mismatch.error().contains("does not match"), mismatch.error());
    }

    @Test
    void openSampleFaceGivesAnImage() throws Exception {
        OpenSampleFaceCommand c = run(OpenSampleFaceCommand.class);
        assertNull(c.error());
        assertEquals(512, c.sample().getWidth(), "the public-domain portrait of sample-data/astronaut.png");
        assertEquals(ImagePlus.COLOR_RGB, c.sample().getType());
    }

    /**
     * A photo with several faces: each found face its own point selection named face N, best score first, the
     * detector's score on the ROI and in the table; rectangles in the ROI Manager or a rectangle selection are the
     * boxes instead, and a whole-image model refuses them.
     */
    @Test
    void everyFaceIsItsOwnSelectionAndRectanglesAreBoxes() throws Exception {
        ImagePlus imp = ImageFiles.open(TestData.dlib().resolve("2008_002506.jpg"));
        // The model field persists between runs, so the default is named here.
        DetectKeypointsCommand c = run(DetectKeypointsCommand.class, "imp", imp, "model", "face68", "results_table", false);
        assertNull(c.error());
        List<PointRoi> faces = c.outcome().faces();
        assertTrue(faces.size() >= 2, "several faces: " + faces.size());
        double last = 1;
        for (int i = 0; i < faces.size(); i++) {
            assertEquals("face " + (i + 1), faces.get(i).getName());
            assertEquals(68, faces.get(i).getFloatPolygon().npoints, "face68 is the default model");
            double score = RoiConversion.score(faces.get(i));
            assertTrue(score >= 0.85 && score <= last, "score " + score);
            last = score;
        }
        assertEquals(RoiConversion.score(faces.get(0)), c.outcome().table().getValue("score", 0), 1e-4);

        java.awt.Rectangle r0 = faces.get(0).getBounds(), r1 = faces.get(1).getBounds();
        Roi[] manager = {new Roi(r1.x, r1.y, r1.width, r1.height), new Roi(r0.x, r0.y, r0.width, r0.height), new PointRoi(5, 5)};
        List<org.facialkeypoints.geometry.FaceBox> boxes = KeypointTool.givenBoxes(null, manager);
        assertEquals(2, boxes.size(), "the manager's rectangles, not its points");
        assertEquals(r1.x - 0.5, boxes.get(0).left(), 1e-9, "in the manager's order");
        imp.setRoi(new Roi(r0.x, r0.y, r0.width, r0.height));
        DetectKeypointsCommand one = run(DetectKeypointsCommand.class, "imp", imp, "model", "face68", "results_table", false);
        assertNull(one.error());
        assertEquals(1, one.outcome().faces().size(), "a rectangle selection is the one face");
        assertTrue(Double.isNaN(RoiConversion.score(one.outcome().faces().get(0))), "a drawn box has no detector score");
        imp.setRoi(new Roi(r0.x, r0.y, r0.width, r0.height));
        DetectKeypointsCommand whole = run(DetectKeypointsCommand.class, "imp", imp, "model", "face", "results_table", false);
        assertTrue(whole.error() != null && whole.error().contains("cannot use face boxes"), String.valueOf(whole.error()));
    }

    /**
     * Detect's optional file inputs: scijava-common's file preprocessor asks for a file whenever one file input is
     * the only one left unset, and headless that cancels the run without a word. Every subset of the optional files
     * must run, write exactly the files it names, and never be cancelled.
     */
    @Test
    void everySubsetOfTheOptionalFilesRunsWithoutAPrompt() throws Exception {
        ImagePlus imp = ImageFiles.open(TestData.immSample("35-2f"));
        for (int subset = 0; subset < 8; subset++) {
            Path roiSet = dir.resolve("faces-" + subset + ".zip"), csv = dir.resolve("points-" + subset + ".csv");
            List<Object> inputs = new ArrayList<>(List.of("imp", imp, "model", "face", "min_score", 0.85,
                    "show_labels", false, "results_table", false));
            if ((subset & 1) != 0) inputs.addAll(List.of("detector_model", TestData.yunet().toFile()));
            if ((subset & 2) != 0) inputs.addAll(List.of("roi_set", roiSet.toFile()));
            if ((subset & 4) != 0) inputs.addAll(List.of("csv", csv.toFile()));
            CommandModule m = commands.run(DetectKeypointsCommand.class, true, inputs.toArray()).get();
            String which = "subset " + subset + " " + inputs.subList(10, inputs.size());
            assertFalse(m.isCanceled(), which + " was cancelled: " + m.getCancelReason());
            DetectKeypointsCommand c = (DetectKeypointsCommand) m.getCommand();
            assertNull(c.error(), which);
            assertNotNull(c.outcome(), which + " did not run");
            assertEquals(1, c.outcome().faces().size(), which);
            assertEquals((subset & 2) != 0, Files.isRegularFile(roiSet), which + ": RoiSet.zip");
            assertEquals((subset & 4) != 0, Files.isRegularFile(csv), which + ": CSV");
            if ((subset & 4) != 0) assertEquals(59, Files.readAllLines(csv).size(), which);
            for (String unset : List.of("detector_model", "roi_set", "csv")) {
                if (!inputs.contains(unset)) assertNull((File) m.getInput(unset), which + ": " + unset + " stays empty");
            }
        }
        assertTrue(Files.list(dir).count() == 8, "four RoiSet.zip and four CSV files");
    }

    /**
     * An RGB photo as SCIFIO opens it, a 3-channel composite: one colour image, detected once, with the points of
     * the RGB image; with two frames, one face per frame, on all channels of it.
     */
    @Test
    void aCompositeOfChannelsIsOneColourImagePerPosition() throws Exception {
        ImagePlus rgb = ImageFiles.open(TestData.immSample("35-2f"));
        assertEquals(ImagePlus.COLOR_RGB, rgb.getType());
        DetectKeypointsCommand plain = run(DetectKeypointsCommand.class, "imp", rgb, "model", "face", "results_table", false);
        Landmarks expected = RoiConversion.points(plain.outcome().faces().get(0));
        CompositeImage composite = new CompositeImage(rgb.duplicate(), IJ.COMPOSITE);
        assertEquals(3, composite.getNChannels());
        DetectKeypointsCommand c = run(DetectKeypointsCommand.class, "imp", composite, "model", "face", "results_table", false);
        assertNull(c.error());
        assertEquals(1, c.outcome().faces().size(), "one face, not one per channel");
        assertEquals(58, c.outcome().table().size());
        Landmarks got = RoiConversion.points(c.outcome().faces().get(0));
        for (int i = 0; i < 58; i++) assertEquals(expected.x(i), got.x(i), 0.01, "point " + i);

        ImageStack twoFrames = new ImageStack(rgb.getWidth(), rgb.getHeight());
        for (int f = 0; f < 2; f++) for (int ch = 1; ch <= 3; ch++) twoFrames.addSlice(composite.getStack().getProcessor(ch).duplicate());
        ImagePlus hyper = new ImagePlus("two frames", twoFrames);
        hyper.setDimensions(3, 1, 2);
        ImagePlus movie = new CompositeImage(hyper, IJ.COMPOSITE);
        DetectKeypointsCommand m = run(DetectKeypointsCommand.class, "imp", movie, "model", "face", "results_table", false);
        assertNull(m.error());
        assertEquals(2, m.outcome().faces().size(), "one face per frame");
        for (int f = 0; f < 2; f++) {
            PointRoi face = m.outcome().faces().get(f);
            assertEquals(0, face.getCPosition(), "on every channel");
            assertEquals(f + 1, face.getTPosition());
            assertEquals(expected.x(30), RoiConversion.points(face).x(30), 0.01);
        }
    }

    /** A heatmap model runs the network once per image, and the shown maps are the ones its points came from. */
    @Test
    void heatmapModelsRunTheNetworkOncePerImage() throws Exception {
        ImagePlus imp = ImageFiles.open(TestData.immSample("33-1m"));
        KeypointDetector d = KeypointTool.detector("unet");
        long before = d.forwardPasses();
        DetectKeypointsCommand c = run(DetectKeypointsCommand.class, "imp", imp, "model", "unet", "results_table", false);
        assertNull(c.error());
        assertEquals(1, d.forwardPasses() - before, "one forward pass for one face on one image");
        assertEquals(58, c.outcome().heatmaps().get(0).getStackSize());
    }

    /**
     * Every face of a photo gets its own heatmap stack, only as large as its crop window, offset so that each map's
     * peak lies on its point in the image.
     */
    @Test
    void everyFaceGetsHeatmapsOnItsCropWindow() throws Exception {
        ImagePlus imp = ImageFiles.open(TestData.dlib().resolve("2008_002506.jpg"));
        DetectKeypointsCommand c = run(DetectKeypointsCommand.class, "imp", imp, "model", "unet68", "results_table", false);
        assertNull(c.error());
        List<PointRoi> faces = c.outcome().faces();
        assertTrue(faces.size() >= 2);
        assertEquals(faces.size(), c.outcome().heatmaps().size(), "a stack per face");
        int mapWidth = c.outcome().detector().config().heatmap().width();
        for (int f = 0; f < faces.size(); f++) {
            ImagePlus maps = c.outcome().heatmaps().get(f);
            assertTrue((long) maps.getWidth() * maps.getHeight() < (long) imp.getWidth() * imp.getHeight() / 2, "a crop, not the image");
            String[] offset = maps.getProp(HeatmapDisplay.OFFSET_PROPERTY).split(",");
            int ox = Integer.parseInt(offset[0]), oy = Integer.parseInt(offset[1]);
            Landmarks points = RoiConversion.points(faces.get(f));
            for (int p : new int[] {30, 36, 45, 48}) {
                float[] px = (float[]) maps.getStack().getProcessor(p + 1).getPixels();
                int best = 0;
                for (int i = 1; i < px.length; i++) if (px[i] > px[best]) best = i;
                double x = best % maps.getWidth() + ox, y = best / maps.getWidth() + oy;
                // The peak is within one map pixel (the window's width over the map's, in image pixels) of the point.
                double tolerance = maps.getWidth() / (double) mapWidth + 1;
                assertEquals(points.x(p), x, tolerance, "face " + f + " point " + p + " x");
                assertEquals(points.y(p), y, tolerance, "face " + f + " point " + p + " y");
            }
        }
    }

    /** A stack's detection reports each position and stops where it is asked to, keeping what it found. */
    @Test
    void detectionReportsProgressAndStopsWhenCancelled() throws Exception {
        var gray = ImageFiles.open(TestData.immSample("33-1m")).getProcessor().convertToByte(true);
        ImageStack stack = new ImageStack(gray.getWidth(), gray.getHeight());
        for (int i = 0; i < 3; i++) stack.addSlice(gray.duplicate());
        ImagePlus imp = new ImagePlus("three", stack);
        List<String> reported = new ArrayList<>();
        KeypointTool.DetectOutcome o = KeypointTool.detect(imp, new KeypointTool.DetectOptions("nose", false, null, null),
                new KeypointTool.Progress() {
                    @Override public void at(int done, int total) { reported.add(done + "/" + total); }
                    @Override public boolean cancelled() { return reported.size() >= 1; }
                });
        assertEquals(List.of("0/3", "1/3"), reported);
        assertEquals(1, o.faces().size(), "the first slice's face is kept");
        assertEquals(List.of("stopped after 1 of 3 positions, as asked"), o.skipped());
    }
}
