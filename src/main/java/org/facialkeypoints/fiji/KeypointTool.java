package org.facialkeypoints.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.measure.ResultsTable;
import org.facialkeypoints.bundle.BundleFile;
import org.facialkeypoints.data.AnnotatedSample;
import org.facialkeypoints.data.Dataset;
import org.facialkeypoints.data.DatasetLoader;
import org.facialkeypoints.data.IbugXmlWriter;
import org.facialkeypoints.data.ImmAsfWriter;
import org.facialkeypoints.detect.DetectorFaceFinder;
import org.facialkeypoints.detect.FaceFinder;
import org.facialkeypoints.detect.FaceKeypoints;
import org.facialkeypoints.detect.KeypointDetector;
import org.facialkeypoints.facedetect.DetectorSettings;
import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.image.ImageConversion;
import org.facialkeypoints.image.ImageSource;
import org.facialkeypoints.io.AtomicFiles;
import org.facialkeypoints.io.KeypointCsv;
import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.Landmarks;
import org.facialkeypoints.model.Architectures;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.Pipeline;
import org.facialkeypoints.train.KeypointTrainer;
import org.facialkeypoints.train.TrainingObserver;
import org.facialkeypoints.train.TrainingOutcome;
import org.facialkeypoints.train.TrainingRun;
import org.facialkeypoints.train.TrainingSettings;
import org.facialkeypoints.train.TrainingSetup;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the Fiji commands do, in one place: each command (SciJava and ImageJ 1 alike) collects its inputs and calls
 * one method here, which calls the core library. Nothing here opens windows; the commands show what comes back.
 */
public final class KeypointTool {

    /**
     * Detect's choices; a null {@code roiSet} or {@code csv} writes no such file. {@code minScore} is the face
     * detector's threshold and {@code detectorModel} its YuNet file (null: found the way {@code ModelLocator} says).
     */
    public record DetectOptions(String model, boolean showLabels, Path roiSet, Path csv, double minScore, Path detectorModel) {

        public DetectOptions(String model, boolean showLabels, Path roiSet, Path csv) {
            this(model, showLabels, roiSet, csv, DetectorSettings.DEFAULT.scoreThreshold(), null);
        }
    }

    /**
     * What Detect produced: one point selection per face (and slice), the table of all points, what was skipped or
     * not found (slices without a face, faces too small), and for heatmap models one heatmap stack per face, on the
     * face's crop window (none otherwise).
     */
    public record DetectOutcome(List<PointRoi> faces, ResultsTable table, List<String> skipped, KeypointDetector detector,
                                List<ImagePlus> heatmaps) {}

    /** Face finders by landmark set, model file and threshold: loading YuNet for every run would cost ~20 ms each. */
    private static final java.util.Map<String, FaceFinder> FINDERS = new java.util.HashMap<>();

    /** The face finder for a model's landmarks, kept for the next call. */
    static synchronized FaceFinder faceFinder(LandmarkSet set, Path detectorModel, double minScore) {
        String key = DetectorFaceFinder.mapFor(set) + "|" + detectorModel + "|" + minScore;
        FaceFinder f = FINDERS.get(key);
        if (f == null) {
            if (FINDERS.size() >= 4) {
                FINDERS.values().forEach(FaceFinder::close);
                FINDERS.clear();
            }
            f = DetectorFaceFinder.open(set, detectorModel, DetectorSettings.DEFAULT.withScoreThreshold(minScore), false);
            FINDERS.put(key, f);
        }
        return f;
    }

    /** Recently used detectors, by model name; a few stay loaded so a box-finding model can sit beside another. */
    private static final java.util.LinkedHashMap<String, KeypointDetector> CACHE = new java.util.LinkedHashMap<>(8, 0.75f, true);
    private static final int CACHE_SIZE = 3;

    private KeypointTool() {}

    /** A detector for a built-in name or bundle path, kept for the next call with the same model. */
    public static synchronized KeypointDetector detector(String model) throws IOException {
        String key = model.trim();
        KeypointDetector d = CACHE.get(key);
        if (d != null) return d;
        d = KeypointDetector.load(key);
        CACHE.put(key, d);
        if (CACHE.size() > CACHE_SIZE) {
            var eldest = CACHE.entrySet().iterator().next();
            CACHE.remove(eldest.getKey());
            eldest.getValue().close();
        }
        return d;
    }

    /**
     * Finds keypoints on every face of every slice and puts them on the image: each face a point selection named
     * {@code face N} in the image's overlay (with slice positions on stacks; the detector's score on the ROI and in the
     * table), the current slice's first face as the active selection so it can be dragged, point names as overlay
     * labels on request. The faces are the rectangles of the ROI Manager, else a rectangle selection, else every face
     * the face detector finds; whole-image models take the image as one face where the detector finds one. Blank
     * slices and slices without a face are reported.
     */
    public static DetectOutcome detect(ImagePlus imp, DetectOptions o) throws IOException {
        IJ.resetEscape();
        return detect(imp, o, Progress.IMAGEJ);
    }

    /** How far a stack's detection is, and whether the user asked it to stop; checked once per position. */
    public interface Progress {

        /** ImageJ's progress bar, and its Esc key to stop. */
        Progress IMAGEJ = new Progress() {
            @Override public void at(int done, int total) { IJ.showProgress(done, total); }
            @Override public boolean cancelled() { return IJ.escapePressed(); }
        };

        void at(int done, int total);

        boolean cancelled();
    }

    /**
     * {@link #detect(ImagePlus, DetectOptions)} reporting each position done; a cancelled run keeps and returns what
     * it finished, noting where it stopped among the skipped.
     */
    public static DetectOutcome detect(ImagePlus imp, DetectOptions o, Progress progress) throws IOException {
        if (imp == null) throw new IOException("No image: open an image first");
        KeypointDetector d = detector(o.model());
        LandmarkSet set = d.config().landmarks();
        List<FaceBox> given = givenBoxes(imp);
        if (given != null && !d.config().pipeline().cropsFaces()) throw new IOException(d.wholeImageRefusal());
        FaceFinder finder = given == null ? faceFinder(set, o.detectorModel(), o.minScore()) : null;
        List<ImagePlus> heatmaps = new ArrayList<>();
        int slices = ImageConversion.positions(imp);
        List<PointRoi> faces = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        ResultsTable table = new ResultsTable();
        Overlay overlay = imp.getOverlay() == null ? new Overlay() : imp.getOverlay();
        removeOwn(overlay);
        int visited = 0;
        for (int s = 1; s <= slices; s++, visited++) {
            if (progress.cancelled()) {
                skipped.add("stopped after " + (s - 1) + " of " + slices + " positions, as asked");
                break;
            }
            progress.at(s - 1, slices);
            GrayImage gray = ImageConversion.position(imp, s);
            String where = slices > 1 ? "slice " + s : "the image";
            if (isBlank(gray)) {
                skipped.add(where + " is blank (one intensity everywhere)");
                continue;
            }
            KeypointDetector.PreparedImage prepared = d.prepareFaces(gray, given, finder);
            if (prepared.tooSmall() > 0) skipped.add(where + ": " + prepared.tooSmall() + " face(s) too small for the face detector");
            if (prepared.faces().isEmpty()) {
                skipped.add(where + ": no face found at score " + o.minScore());
                continue;
            }
            // One pass per position: heatmap models keep the maps their points came from.
            KeypointDetector.MappedFaces mapped = d.detectPreparedWithHeatmaps(prepared.faces());
            List<FaceKeypoints> found = mapped.keypoints();
            for (int f = 0; f < found.size(); f++) {
                FaceKeypoints fk = found.get(f);
                if (!allFinite(fk)) {
                    // A selection, table or file never gets a NaN or infinite coordinate.
                    skipped.add(where + ": face " + (f + 1) + " gave points that are not numbers; not shown");
                    continue;
                }
                String name = (slices > 1 ? "slice " + s + " " : "") + "face " + (f + 1);
                if (d.config().pipeline().heatmaps()) {
                    var h = mapped.heatmaps().get(f);
                    overlay.add(place(HeatmapDisplay.layer(h, imp.getWidth(), imp.getHeight()), imp, slices > 1 ? s : 0));
                    String title = "Heatmaps of " + imp.getTitle() + ", " + name;
                    heatmaps.add(HeatmapDisplay.stack(h, set, imp.getWidth(), imp.getHeight(), title));
                }
                PointRoi roi = RoiConversion.toRoi(fk.points(), set, name, fk.confidence());
                if (fk.hasScore()) roi.setProperty(RoiConversion.PROP_SCORE, String.format(Locale.ROOT, "%.4f", fk.score()));
                place(roi, imp, slices > 1 ? s : 0);
                roi.setStrokeColor(Color.RED);
                faces.add(roi);
                overlay.add(roi);
                if (o.showLabels()) addLabels(overlay, fk.points(), set, imp, slices > 1 ? s : 0);
                KeypointTable.add(table, imp.getTitle(), s, f + 1, set, fk);
            }
        }
        progress.at(visited, slices);
        if (faces.isEmpty()) throw new IOException("No keypoints found: " + String.join("; ", skipped));
        imp.setOverlay(overlay);
        PointRoi active = faces.stream().filter(r -> positionOf(r, imp) == 0 || positionOf(r, imp) == currentPosition(imp)).findFirst().orElse(faces.get(0));
        imp.setRoi((Roi) active.clone());
        if (o.roiSet() != null) RoiSetFiles.write(faces, o.roiSet());
        if (o.csv() != null) {
            KeypointCsv csv = new KeypointCsv(faces.get(0).getProperty(RoiConversion.PROP_CONFIDENCE) != null);
            java.util.Map<Integer, Integer> perSlice = new java.util.HashMap<>();
            for (PointRoi r : faces) {
                String image = imp.getTitle() + (slices > 1 ? "[" + positionOf(r, imp) + "]" : "");
                int face = perSlice.merge(positionOf(r, imp), 1, Integer::sum) - 1;
                csv.add(image, face, set, RoiConversion.points(r), confidences(r), RoiConversion.score(r));
            }
            AtomicFiles.writeString(o.csv(), csv.text());
        }
        return new DetectOutcome(faces, table, skipped, d, heatmaps);
    }

    /**
     * The faces the user marked: the rectangles in the ROI Manager (several faces), else the image's rectangle
     * selection; null when there are none, and the face detector finds the faces.
     */
    static List<FaceBox> givenBoxes(ImagePlus imp) {
        ij.plugin.frame.RoiManager rm = ij.plugin.frame.RoiManager.getInstance();
        return givenBoxes(imp.getRoi(), rm == null ? new Roi[0] : rm.getRoisAsArray());
    }

    /** The boxes of the ROI Manager's rectangles ({@code manager}), else of the selection; null when neither has one. */
    static List<FaceBox> givenBoxes(Roi selection, Roi[] manager) {
        List<FaceBox> boxes = new ArrayList<>();
        for (Roi r : manager) {
            FaceBox b = boxFrom(r);
            if (b != null) boxes.add(b);
        }
        if (boxes.isEmpty()) {
            FaceBox b = boxFrom(selection);
            if (b != null) boxes.add(b);
        }
        return boxes.isEmpty() ? null : boxes;
    }

    static boolean allFinite(FaceKeypoints fk) {
        for (int i = 0; i < fk.points().size(); i++) {
            if (!Double.isFinite(fk.points().x(i)) || !Double.isFinite(fk.points().y(i))) return false;
        }
        return true;
    }

    static double[] confidences(Roi r) {
        String c = r.getProperty(RoiConversion.PROP_CONFIDENCE);
        if (c == null) return null;
        return java.util.Arrays.stream(c.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    static final String LABEL_PREFIX = "keypoint label ";

    private static void addLabels(Overlay overlay, Landmarks points, LandmarkSet set, ImagePlus imp, int position) {
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 9);
        for (int i = 0; i < points.size(); i++) {
            TextRoi t = new TextRoi(points.x(i) + 3, points.y(i) - 6, set.name(i), font);
            t.setStrokeColor(Color.YELLOW);
            t.setName(LABEL_PREFIX + set.name(i));
            overlay.add(place(t, imp, position));
        }
    }

    /**
     * Puts a selection on one position of a stack (0: the whole image). On a multi-channel image it belongs to all
     * channels of that z and t, since the channels are the colours of one image.
     */
    static <R extends Roi> R place(R roi, ImagePlus imp, int position) {
        if (position <= 0) return roi;
        if (imp.getNChannels() == 1) {
            roi.setPosition(imp.getStackIndex(1, (position - 1) % imp.getNSlices() + 1, (position - 1) / imp.getNSlices() + 1));
        } else {
            roi.setPosition(0, (position - 1) % imp.getNSlices() + 1, (position - 1) / imp.getNSlices() + 1);
        }
        return roi;
    }

    /** The position (as {@link #place} numbers them) a selection is on; 0 when it is on the whole image. */
    static int positionOf(Roi roi, ImagePlus imp) { return ImageConversion.positionOf(roi, imp); }

    static int currentPosition(ImagePlus imp) { return ImageConversion.currentPosition(imp); }

    /** Removes labels and faces left by an earlier run, so detecting twice does not stack up. */
    private static void removeOwn(Overlay overlay) {
        for (Roi r : overlay.toArray()) {
            String n = r.getName();
            if (n != null && (n.startsWith(LABEL_PREFIX) || n.equals(HeatmapDisplay.LAYER_NAME)
                    || (r.getType() == Roi.POINT && r.getProperty(RoiConversion.PROP_SET) != null))) {
                overlay.remove(r);
            }
        }
    }

    static FaceBox boxFrom(Roi roi) {
        if (roi == null || roi.getType() != Roi.RECTANGLE) return null;
        java.awt.Rectangle r = roi.getBounds();
        if (r.width < 2 || r.height < 2) return null;
        // ImageJ rectangles are pixel edges; pixel x covers x - 0.5 .. x + 0.5 in point coordinates.
        return new FaceBox(r.x - 0.5, r.y - 0.5, r.width, r.height);
    }

    static boolean isBlank(GrayImage g) {
        float[] p = g.pixels();
        float first = p[0];
        for (float v : p) if (v != first) return false;
        return true;
    }

    /** Train's choices; {@code startFrom} null or empty trains from random weights. */
    public record TrainOptions(Pipeline pipeline, String architecture, int epochs, double learningRate, int batchSize,
                               double validationFraction, long seed, Path output, String startFrom) {}

    /** Trains on a folder: IMM .asf files, or images with point selections beside them (see {@link RoiDatasets}). */
    public static TrainingOutcome trainOnFolder(Path folder, TrainOptions o, TrainingObserver listener) throws IOException {
        boolean asf;
        try (var s = Files.list(folder)) {
            asf = s.anyMatch(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".asf"));
        } catch (IOException e) {
            throw new IOException("Cannot read folder " + folder + ": " + e.getMessage(), e);
        }
        if (asf) return train(DatasetLoader.load(folder), ImageSource.FILES, o, listener);
        RoiDatasets.RoiData data = RoiDatasets.fromFolder(folder);
        return train(data.dataset(), data.images(), o, listener);
    }

    /** Trains on the point selections of open images. */
    public static TrainingOutcome trainOnOpenImages(List<ImagePlus> images, TrainOptions o, TrainingObserver listener) throws IOException {
        RoiDatasets.RoiData data = RoiDatasets.fromOpenImages(images);
        return train(data.dataset(), data.images(), o, listener);
    }

    static TrainingOutcome train(Dataset data, ImageSource images, TrainOptions o, TrainingObserver listener) throws IOException {
        if (o.output() == null) throw new IOException("Choose where to save the trained model");
        String arch = o.architecture() == null || o.architecture().isBlank() ? o.pipeline().defaultArchitecture() : o.architecture().trim();
        ModelConfig cfg = Architectures.preset(o.pipeline(), arch, TrainingSetup.pointsFor(o.pipeline(), data.landmarks()));
        if (data.size() < 2) throw new IOException("Training needs at least two annotated faces; found " + data.size());
        TrainingSettings s = TrainingSettings.defaults(o.pipeline()).withEpochs(o.epochs()).withLearningRate(o.learningRate())
                .withBatchSize(o.batchSize()).withSeed(o.seed());
        TrainingRun run = TrainingSetup.run(data, cfg, s, o.validationFraction(), 1, o.startFrom());
        TrainingOutcome r = new KeypointTrainer(images, 1).train(run, listener);
        BundleFile.write(r.best(), o.output());
        return r;
    }

    /** Export formats of Save / Export Keypoints. */
    public enum ExportFormat { ASF, CSV, IBUG_XML }

    /**
     * Writes the image's point selections (active selection and overlay) to a file, so corrected points become
     * training data. IMM .asf holds one face; CSV and iBUG XML hold all. The image file itself must sit in the same
     * folder for training to find it; a copy is saved there when it does not.
     */
    public static Path export(ImagePlus imp, ExportFormat format, Path folder) throws IOException {
        if (imp == null) throw new IOException("No image: open an image first");
        List<Roi> rois = RoiDatasets.pointRois(imp);
        if (rois.isEmpty()) throw new IOException("Image '" + imp.getTitle() + "' has no point selections to export");
        Files.createDirectories(folder);
        String title = imp.getTitle();
        String stem = title.contains(".") ? title.substring(0, title.lastIndexOf('.')) : title;
        stem = stem.replaceAll("[^A-Za-z0-9._-]", "_");
        Path image = ensureImageIn(imp, folder, stem);
        List<AnnotatedSample> faces = new ArrayList<>();
        for (Roi r : rois) {
            faces.add(new AnnotatedSample(image, Math.max(1, positionOf(r, imp)), imp.getWidth(), imp.getHeight(), RoiConversion.points(r), null));
        }
        switch (format) {
            case ASF -> {
                if (faces.size() > 1) throw new IOException("An IMM .asf file holds one face; image '" + title + "' has " + faces.size()
                        + " point selections. Export as CSV or iBUG XML instead.");
                Path asf = folder.resolve(stem + ".asf");
                ImmAsfWriter.write(asf, faces.get(0).points(), imp.getWidth(), imp.getHeight(), image.getFileName().toString());
                return asf;
            }
            case CSV -> {
                KeypointCsv csv = new KeypointCsv(false);
                for (int i = 0; i < rois.size(); i++) csv.add(image.getFileName().toString(), i, RoiConversion.landmarkSet(rois.get(i)), faces.get(i).points(), null, RoiConversion.score(rois.get(i)));
                Path out = folder.resolve(stem + ".csv");
                AtomicFiles.writeString(out, csv.text());
                return out;
            }
            case IBUG_XML -> {
                Path out = folder.resolve(stem + ".xml");
                IbugXmlWriter.write(out, faces, "keypoints of " + title);
                return out;
            }
            default -> throw new IllegalArgumentException(format.toString());
        }
    }

    private static Path ensureImageIn(ImagePlus imp, Path folder, String stem) throws IOException {
        ij.io.FileInfo fi = imp.getOriginalFileInfo();
        if (fi != null && fi.directory != null && fi.fileName != null) {
            Path original = Path.of(fi.directory, fi.fileName);
            if (Files.isRegularFile(original)) {
                if (original.toAbsolutePath().getParent().equals(folder.toAbsolutePath())) return original;
                Path copy = folder.resolve(original.getFileName());
                if (!Files.exists(copy)) Files.copy(original, copy);
                return copy;
            }
        }
        Path tif = folder.resolve(stem + ".tif");
        ImagePlus plain = new ImagePlus(imp.getTitle(), imp.getStack());
        if (!new ij.io.FileSaver(plain).saveAsTiff(tif.toString())) throw new IOException("Cannot save a copy of the image to " + tif);
        return tif;
    }

    /** The sample face shipped in the jar (a public-domain NASA portrait; sample-data/README.md), for trying Detect at once. */
    public static ImagePlus sampleFace() throws IOException {
        try (InputStream in = KeypointTool.class.getResourceAsStream("/samples/sample-face.png")) {
            if (in == null) throw new IOException("The sample face is not part of this build");
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(in);
            if (img == null) throw new IOException("The sample face could not be decoded");
            ImagePlus imp = new ImagePlus("sample-face.png", img);
            return imp;
        }
    }
}
