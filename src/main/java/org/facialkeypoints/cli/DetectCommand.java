package org.facialkeypoints.cli;

import ij.ImagePlus;
import org.facialkeypoints.bundle.BuiltinModels;
import org.facialkeypoints.data.AnnotatedSample;
import org.facialkeypoints.data.IbugXmlReader;
import org.facialkeypoints.data.IbugXmlWriter;
import org.facialkeypoints.detect.CsvDetection;
import org.facialkeypoints.detect.FaceKeypoints;
import org.facialkeypoints.detect.FolderDetection;
import org.facialkeypoints.detect.KeypointDetector;
import org.facialkeypoints.engine.DeepLearning;
import org.facialkeypoints.facedetect.DetectorSettings;
import org.facialkeypoints.facedetect.FaceDetectorModel;
import org.facialkeypoints.figures.PngFiles;
import org.facialkeypoints.figures.PointOverlay;
import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.image.ImageFiles;
import org.facialkeypoints.io.AtomicFiles;
import org.facialkeypoints.io.KeypointCsv;
import org.facialkeypoints.io.PartialCsv;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code detect}: finds every face's keypoints in images, writes them as CSV and, on request, as overlay PNGs. */
@Command(name = "detect", sortOptions = false, abbreviateSynopsis = true,
        header = "find every face's keypoints in images; write a CSV and overlay pictures",
        description = {"Either images and folders are given, and every face in them is found with the YuNet face "
                + "detector, or --boxes names the faces.",
            "Folders are read one level deep. An image that cannot be read is reported and skipped (exit code 3). "
                + "Stacks: every slice is searched; its rows name the image as file[slice]."})
final class DetectCommand extends CliCommand {

    /** The model of {@code detect} and of Detect Keypoints when none is named. */
    static final String DEFAULT_MODEL = BuiltinModels.DEFAULT;

    @Option(names = "--model", paramLabel = "NAME|FILE", description = "a built-in model or a model bundle file "
            + "(default ${DEFAULT-VALUE}). Built in: face68 (= unet68) and resnet68 find 68 points in every face; "
            + "nose, face (whole image, one IMM-like portrait), unet and resnet (58 IMM points in every face) follow "
            + "the course's pipelines. The 68-point models were trained on the iBUG 300-W annotations, for research "
            + "and non-commercial use only (" + BuiltinModels.W300_CITATION + ")")
    String model = DEFAULT_MODEL;

    @Option(names = "--boxes", paramLabel = "XML", description = "face boxes from an iBUG/dlib XML file: every box of "
            + "every image in it is a face (its points are ignored; the boxes are taken as the box around a face's "
            + "points); face-crop models only. Without it every face is found with the YuNet face detector")
    Path boxes;

    @Mixin
    FaceDetectorOptions faceDetector;

    @Option(names = "--whole-image", description = "no face detector: each image is one face (whole-image models), "
            + "or the whole image is the face's box (face-crop models)")
    boolean wholeImage;

    @Option(names = "--kaggle", paramLabel = "FILE", description = "with --boxes: the class competition's layout, "
            + "Id,Predicted with one row per coordinate (x then y), faces in XML order, Id from 0, original pixels")
    Path kaggle;

    @Option(names = "--csv", paramLabel = "FILE", description = "write the points here; without it the CSV goes to "
            + "standard output. Columns: image (the path relative to the folder that lists it: a folder given here, "
            + "the folder of a file given here, or the folder of the --boxes XML), face (0, 1, ... per image, best "
            + "score first), point, name, x, y (original pixels, pixel centres at integer coordinates), score (the "
            + "face detector's, empty for given boxes and whole images), and confidence for heatmap models")
    Path csvFile;

    @Option(names = "--overlay", paramLabel = "DIR",
            description = "write <image>.png with the points and face boxes drawn on it into DIR")
    Path overlayDir;

    @Option(names = "--resume", description = "continue an interrupted run: the rows are written as they come to "
            + "<csv>.partial (renamed to the --csv name at the end); with --resume the images already there are not "
            + "detected again")
    boolean resume;

    @Option(names = "--save-boxes", paramLabel = "XML", description = "write every face found, its box and points, as "
            + "an iBUG/dlib XML file: the boxes can be corrected and given back with --boxes, the points corrected and "
            + "trained on")
    Path saveBoxes;

    @Mixin
    EngineOptions engine;

    @Parameters(paramLabel = "<image or folder>", arity = "0..*", description = "images, and folders of images")
    List<Path> images = new ArrayList<>();

    DetectCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    /** What the annotations cannot say: the face detector's limits and its credit, from where they are set. */
    @Override
    CommandLine commandLine() {
        CommandLine cl = super.commandLine();
        cl.getCommandSpec().usageMessage().footer("", "An image where no face is found has no rows and is named on "
                + "standard error; faces too small for the detector (under "
                + (int) DetectorSettings.DEFAULT.minFaceSide() + " px at its " + DetectorSettings.DEFAULT.maxSide()
                + " px working size) are counted, not guessed.", "", "Face detector: " + FaceDetectorModel.CREDIT);
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        if (kaggle != null && boxes == null) throw new UsageException("--kaggle needs --boxes (the test XML)");
        if (boxes != null && !images.isEmpty()) {
            throw new UsageException("--boxes lists the images; give no images besides it");
        }
        if (boxes != null && wholeImage) throw new UsageException("--boxes and --whole-image exclude each other");
        if (overlayDir != null && Files.exists(overlayDir) && !Files.isDirectory(overlayDir)) {
            throw new IOException("--overlay must name a folder, but " + overlayDir + " is a file");
        }
        if (resume && csvFile == null) throw new UsageException("--resume continues the table of --csv; give --csv");
        if (resume && (kaggle != null || saveBoxes != null)) {
            throw new UsageException("--resume continues the --csv table only; --kaggle and --save-boxes need the "
                    + "whole run");
        }
        // Every output is checked before the work starts, not found unwritable after the whole folder.
        Path overlayProbe = overlayDir == null ? null : overlayDir.resolve("overlay.png");
        for (Path p : new Path[] {csvFile, kaggle, saveBoxes, overlayProbe}) {
            if (p != null) AtomicFiles.checkWritable(p);
        }
        Inputs inputs = boxes != null ? Inputs.fromXml(boxes) : Inputs.fromArguments(images);
        engine.configureThreads();
        int[] counts = new int[4]; // skipped files, faces, files without a face, faces too small
        long start = System.nanoTime();
        try (KeypointDetector detector = load(model, engine.device, err)) {
            if (!inputs.boxes.isEmpty() && !detector.config().pipeline().cropsFaces()) {
                throw new UsageException(detector.wholeImageRefusal());
            }
            if (inputs.boxes.isEmpty() && !wholeImage) faceDetector.use(detector);
            boolean confidence = detector.config().pipeline().heatmaps();
            KeypointCsv csv = new KeypointCsv(confidence);
            PartialCsv sink = csvFile == null ? null : PartialCsv.open(csvFile, csv.header(), resume);
            Thread note = sink == null ? null : interruptionNote(sink, err);
            List<Path> files = inputs.files;
            if (sink != null && sink.doneCount() > 0) {
                files = files.stream().filter(f -> !done(sink, inputs.names.get(f))).toList();
                err.println("resumed: " + (inputs.files.size() - files.size()) + " image(s) already in "
                        + sink.partial());
            }
            try {
                detectAll(detector, inputs, files, sink, csv, overlayDir, kaggle, saveBoxes, model, counts, out, err);
            } finally {
                if (sink != null) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(note);
                    } catch (IllegalStateException shuttingDown) {
                        // The hook is running: it says what the line below would.
                    }
                    if (!sink.finished()) {
                        err.println("stopped: the rows of the images done so far are in " + sink.partial()
                                + "; run the same command with --resume to continue");
                    }
                    sink.close();
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        err.printf(Locale.ROOT, "%d face(s) in %d image(s), %.2f s%s%s%n", counts[1], inputs.files.size() - counts[0],
                seconds, csvFile != null ? "; points in " + csvFile : "",
                overlayDir != null ? "; overlays in " + overlayDir : "");
        if (counts[2] > 0) err.println(counts[2] + " image(s) without a face");
        if (counts[3] > 0) err.println(counts[3] + " face(s) too small for the face detector, not landmarked");
        if (counts[0] > 0) err.println(counts[0] + " image(s) skipped");
        return counts[0] > 0 ? Main.PARTIAL : Main.OK;
    }

    /** The folder detection of one run: rows, overlays, boxes and the Kaggle file as they were asked for. */
    private static void detectAll(KeypointDetector detector, Inputs inputs, List<Path> files, PartialCsv sink,
                                  KeypointCsv csv, Path overlayDir, Path kaggle, Path saveBoxes, String model,
                                  int[] counts, PrintStream out, PrintStream err) throws IOException {
        Map<Path, List<FaceKeypoints>> forKaggle = new HashMap<>();
        List<AnnotatedSample> found = new ArrayList<>();
        FolderDetection folder = new FolderDetection(detector, 16).withBoxes(inputs.boxes);
        // Overlays need the decoded images; points alone let JPEGs be decoded at the size the model sees.
        if (overlayDir == null) folder = folder.withoutImages();
        StringBuilder table = new StringBuilder(csv.text());
        CsvDetection.Tally tally = new CsvDetection(folder, detector).run(files, inputs.names::get, (r, rows) -> {
            if (r.error() != null) {
                err.println("skipped: " + r.error().getMessage());
                return;
            }
            if (r.faceCount() == 0) {
                String tooSmall = r.tooSmall() > 0 ? " (" + r.tooSmall() + " too small)" : "";
                err.println("no face found: " + r.file() + tooSmall);
            }
            for (int s = 0; s < r.sliceCount(); s++) {
                List<FaceKeypoints> faces = r.faces().get(s);
                if (kaggle != null && s == 0) forKaggle.put(r.file(), faces);
                if (saveBoxes != null && !faces.isEmpty()) {
                    int[] size = ImageFiles.dimensions(r.file());
                    for (FaceKeypoints fk : faces) {
                        FaceBox box = fk.box() != null ? fk.box() : FaceBox.around(fk.points());
                        found.add(new AnnotatedSample(r.file(), s + 1, size[0], size[1], fk.points(), box));
                    }
                }
                if (overlayDir != null) writeOverlay(r, s, faces, overlayDir);
            }
            // After the image's overlays: a file's rows are in the table only once its pictures are written.
            if (sink != null) sink.append(rows);
            else table.append(rows);
        });
        counts[0] += tally.skipped();
        counts[1] += tally.faces();
        counts[2] += tally.withoutFace();
        counts[3] += tally.tooSmall();
        if (kaggle != null) AtomicFiles.writeString(kaggle, inputs.kaggle(forKaggle));
        if (saveBoxes != null) IbugXmlWriter.write(saveBoxes, found, "faces found by " + model);
        if (sink != null) sink.finish();
        else if (kaggle == null) out.print(table);
    }

    /**
     * A line on standard error when the run is stopped (Ctrl-C, SIGTERM) before the table is complete: where the
     * rows so far are and how to continue.
     */
    private static Thread interruptionNote(PartialCsv sink, PrintStream err) {
        Thread t = new Thread(() -> {
            if (!sink.finished()) {
                err.println("interrupted: the rows of the images done so far are in " + sink.partial()
                        + "; run the same command with --resume to continue");
                err.flush();
            }
        }, "detect-interrupted");
        Runtime.getRuntime().addShutdownHook(t);
        return t;
    }

    private static void writeOverlay(FolderDetection.ImageResult r, int s, List<FaceKeypoints> faces, Path overlayDir)
            throws IOException {
        int n = r.sliceCount();
        ImagePlus slice = n == 1 ? r.image() : new ImagePlus(r.sliceName(s), r.image().getStack().getProcessor(s + 1));
        Path png = overlayDir.resolve(stem(r.file()) + (n > 1 ? "-" + (s + 1) : "") + ".png");
        PointOverlay overlay = PointOverlay.of(slice);
        for (FaceKeypoints fk : faces) {
            overlay.points(fk.points(), PointOverlay.PREDICTED);
            FaceBox box = fk.box();
            if (box != null) {
                overlay.rectangle(box.left() + 0.5, box.top() + 0.5, box.width(), box.height(), PointOverlay.TRUTH);
            }
        }
        PngFiles.write(overlay.image(), png);
    }

    /** The model on the device of --device, said on standard error (standard output may be the CSV). */
    static KeypointDetector load(String model, String device, PrintStream err) throws IOException {
        KeypointDetector d = KeypointDetector.load(model, device);
        err.println("Device: " + d.device() + " (" + DeepLearning.describeEngine() + ")");
        return d;
    }

    /**
     * The files to read, the name each gets in the table (its path relative to the folder that lists it), and for
     * --boxes the boxes of each file and their order in the XML.
     */
    private record Inputs(List<Path> files, Map<Path, String> names, Map<Path, List<FaceBox>> boxes,
                          List<IbugXmlReader.FaceOnImage> xmlOrder) {

        static Inputs fromArguments(List<Path> args) throws IOException, UsageException {
            Map<Path, String> names = new LinkedHashMap<>();
            for (InputImages.Listed l : InputImages.collectListed(args)) names.putIfAbsent(l.file(), l.name());
            return new Inputs(List.copyOf(names.keySet()), names, Map.of(), List.of());
        }

        static Inputs fromXml(Path xml) throws IOException {
            List<IbugXmlReader.FaceOnImage> faces = IbugXmlReader.boxes(xml);
            Path folder = xml.toAbsolutePath().getParent();
            Map<Path, List<FaceBox>> boxes = new LinkedHashMap<>();
            Map<Path, String> names = new HashMap<>();
            for (IbugXmlReader.FaceOnImage f : faces) {
                boxes.computeIfAbsent(f.image(), k -> new ArrayList<>()).add(f.box());
                names.putIfAbsent(f.image(), folder.relativize(f.image().toAbsolutePath()).toString());
            }
            return new Inputs(List.copyOf(boxes.keySet()), names, boxes, faces);
        }

        /** One row per coordinate, faces in the XML's order (an image listed twice keeps both places). */
        String kaggle(Map<Path, List<FaceKeypoints>> found) {
            StringBuilder sub = new StringBuilder("Id,Predicted\n");
            Map<Path, Integer> next = new HashMap<>();
            long id = 0;
            for (IbugXmlReader.FaceOnImage f : xmlOrder) {
                List<FaceKeypoints> faces = found.get(f.image());
                if (faces == null) continue; // unreadable: reported and skipped
                int k = next.merge(f.image(), 1, Integer::sum) - 1;
                FaceKeypoints fk = faces.get(k);
                for (int i = 0; i < fk.points().size(); i++) {
                    sub.append(id++).append(',').append(String.format(Locale.ROOT, "%.3f", fk.points().x(i)))
                            .append('\n');
                    sub.append(id++).append(',').append(String.format(Locale.ROOT, "%.3f", fk.points().y(i)))
                            .append('\n');
                }
            }
            return sub.toString();
        }
    }

    /** Whether a resumed table has the image's rows: under its name, or as the first slice of a stack. */
    private static boolean done(PartialCsv sink, String name) {
        return sink.done(name) || sink.done(name + "[1]");
    }

    static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
