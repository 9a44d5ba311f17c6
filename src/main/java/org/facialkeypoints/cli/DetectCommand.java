package org.facialkeypoints.cli;

import ij.ImagePlus;
import org.facialkeypoints.detect.FaceKeypoints;
import org.facialkeypoints.detect.FolderDetection;
import org.facialkeypoints.detect.KeypointDetector;
import org.facialkeypoints.engine.DeepLearning;
import org.facialkeypoints.figures.PngFiles;
import org.facialkeypoints.figures.PointOverlay;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.image.ImageFiles;
import org.facialkeypoints.io.AtomicFiles;
import org.facialkeypoints.io.KeypointCsv;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code detect}: finds keypoints in images, writes them as CSV and, on request, as overlay PNGs. */
final class DetectCommand implements Main.Command {

    @Override
    public String summary() { return "find keypoints in images; write a CSV and overlay pictures"; }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: detect --model <name|model.zip> [--csv out.csv] [--overlay <dir>] <image or folder>...",
                "       detect --model <name|model.zip> --boxes faces.xml [--kaggle submission.csv] [--csv out.csv]",
                "",
                "  --model NAME|FILE  a built-in model (nose, face, resnet, unet; resnet68, unet68 and face68 = unet68 find",
                "                     68 points in a face box) or a model bundle file. The 68-point models were trained on",
                "                     the iBUG 300-W annotations, for research and non-commercial use only (Sagonas et al.,",
                "                     300 Faces in-the-Wild Challenge, ICCV-W 2013 and Image and Vision Computing 47, 2016)",
                "  --boxes XML        face boxes from an iBUG/dlib XML file: every box of every image in it is a face",
                "                     (its points are ignored); for the face-crop pipelines (resnet, unet)",
                "  --box-finder M     without --boxes, face-crop models find the face with this whole-image model",
                "                     (default face: the box around its 58 points; none: the whole image)",
                "  --kaggle FILE      with --boxes: the class competition's layout, Id,Predicted with one row per",
                "                     coordinate (x then y), faces in XML order, Id from 0, original pixels",
                "  --csv FILE         write the points here (columns image,face,point,name,x,y in original pixels,",
                "                     pixel centres at integer coordinates); without it the CSV goes to standard output",
                "  --overlay DIR      write <image>.png with the points drawn on it into DIR",
                "  --threads N        libtorch threads (default: all cores)",
                "  --device D         cpu, gpu or auto (default auto: a GPU when the engine sees one)",
                "",
                "Folders are read one level deep. An image that cannot be read is reported and skipped (exit code 3).",
                "Stacks: every slice is searched; its rows name the image as file[slice].");
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of("model", "csv", "overlay", "threads", "device", "boxes", "box-finder", "kaggle"), Set.of());
        String model = a.require("model");
        if (a.has("boxes")) return detectBoxes(a, model, out, err);
        if (a.has("kaggle")) throw new UsageException("--kaggle needs --boxes (the test XML)");
        List<Path> images = InputImages.collect(a.positional());
        Path csvFile = a.has("csv") ? Path.of(a.get("csv", null)) : null;
        Path overlayDir = a.has("overlay") ? Path.of(a.get("overlay", null)) : null;
        if (overlayDir != null && Files.exists(overlayDir) && !Files.isDirectory(overlayDir)) {
            throw new IOException("--overlay must name a folder, but " + overlayDir + " is a file");
        }
        DeepLearning.configureThreads(a.getInt("threads", 0), 0);
        int failures = 0, faces = 0;
        long start = System.nanoTime();
        try (KeypointDetector detector = load(a, model, err)) {
            useBoxFinder(a, detector);
            KeypointCsv csv = new KeypointCsv(detector.config().pipeline().heatmaps());
            int[] counts = new int[2];
            FolderDetection folder = new FolderDetection(detector, 16);
            // Overlays need the decoded images; points alone let JPEGs be decoded at the size the model sees.
            if (overlayDir == null) folder = folder.withoutImages();
            folder.run(images, r -> {
                if (r.error() != null) {
                    err.println("skipped: " + r.error().getMessage());
                    counts[0]++;
                    return;
                }
                int n = r.faces().size();
                for (int s = 0; s < n; s++) {
                    String name = r.sliceName(s);
                    FaceKeypoints fk = r.faces().get(s);
                    csv.add(name, 0, detector.config().landmarks(), fk.points(), fk.confidence());
                    counts[1]++;
                    if (overlayDir != null) {
                        ImagePlus slice = n == 1 ? r.image() : new ImagePlus(name, r.image().getStack().getProcessor(s + 1));
                        Path png = overlayDir.resolve(stem(r.file()) + (n > 1 ? "-" + (s + 1) : "") + ".png");
                        PointOverlay overlay = PointOverlay.of(slice).points(fk.points(), PointOverlay.PREDICTED);
                        if (fk.box() != null) overlay.rectangle(fk.box().left() + 0.5, fk.box().top() + 0.5, fk.box().width(), fk.box().height(), PointOverlay.TRUTH);
                        PngFiles.write(overlay.image(), png);
                    }
                }
            });
            failures = counts[0];
            faces = counts[1];
            if (csvFile != null) AtomicFiles.writeString(csvFile, csv.text());
            else out.print(csv.text());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        err.printf(java.util.Locale.ROOT, "%d face(s) in %d image(s), %.2f s%s%s%n", faces, images.size() - failures, seconds,
                csvFile != null ? "; points in " + csvFile : "", overlayDir != null ? "; overlays in " + overlayDir : "");
        if (failures > 0) err.println(failures + " image(s) skipped");
        return failures > 0 ? Main.PARTIAL : Main.OK;
    }

    /** For face-crop models: the whole-image model that finds the face box (--box-finder, default face). */
    static void useBoxFinder(Args a, KeypointDetector detector) throws IOException {
        if (!detector.config().pipeline().cropsFaces()) return;
        String name = a.get("box-finder", "face");
        if (!"none".equals(name)) detector.withOwnedBoxFinder(KeypointDetector.load(name, detector.device().getDeviceType()));
    }

    /** The model on the device of --device, said on standard error (standard output may be the CSV). */
    static KeypointDetector load(Args a, String model, PrintStream err) throws IOException {
        KeypointDetector d = KeypointDetector.load(model, a.get("device", "auto"));
        err.println("Device: " + d.device() + " (" + DeepLearning.describeEngine() + ")");
        return d;
    }

    private int detectBoxes(Args a, String model, PrintStream out, PrintStream err) throws Exception {
        Path xml = Path.of(a.get("boxes", null));
        List<org.facialkeypoints.data.IbugXmlReader.FaceOnImage> faces = org.facialkeypoints.data.IbugXmlReader.boxes(xml);
        Path csvFile = a.has("csv") ? Path.of(a.get("csv", null)) : null;
        Path kaggle = a.has("kaggle") ? Path.of(a.get("kaggle", null)) : null;
        DeepLearning.configureThreads(a.getInt("threads", 0), 0);
        long start = System.nanoTime();
        try (KeypointDetector detector = load(a, model, err)) {
            KeypointCsv csv = new KeypointCsv(detector.config().pipeline().heatmaps());
            StringBuilder sub = new StringBuilder("Id,Predicted\n");
            long id = 0;
            Path current = null;
            GrayImage image = null;
            int faceNo = 0;
            for (org.facialkeypoints.data.IbugXmlReader.FaceOnImage s : faces) {
                if (!s.image().equals(current)) {
                    current = s.image();
                    image = ImageFiles.readGray(current);
                    faceNo = 0;
                }
                FaceKeypoints fk = detector.detect(image, s.box());
                csv.add(xml.toAbsolutePath().getParent().relativize(s.image().toAbsolutePath()).toString(), faceNo++, detector.config().landmarks(), fk.points(), fk.confidence());
                for (int i = 0; i < fk.points().size(); i++) {
                    sub.append(id++).append(',').append(String.format(java.util.Locale.ROOT, "%.3f", fk.points().x(i))).append('\n');
                    sub.append(id++).append(',').append(String.format(java.util.Locale.ROOT, "%.3f", fk.points().y(i))).append('\n');
                }
            }
            if (kaggle != null) AtomicFiles.writeString(kaggle, sub.toString());
            if (csvFile != null) AtomicFiles.writeString(csvFile, csv.text());
            else if (kaggle == null) out.print(csv.text());
        }
        err.printf(java.util.Locale.ROOT, "%d face(s) from %s, %.2f s%n", faces.size(), xml, (System.nanoTime() - start) / 1e9);
        return Main.OK;
    }

    static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
