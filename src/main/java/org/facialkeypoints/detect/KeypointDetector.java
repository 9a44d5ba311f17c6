package org.facialkeypoints.detect;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.facialkeypoints.bundle.BuiltinModels;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.bundle.NetworkWeights;
import org.facialkeypoints.engine.DeepLearning;
import org.facialkeypoints.engine.LibtorchFlags;
import org.facialkeypoints.geometry.CropWindow;
import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.image.CropSource;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.image.ReducedGray;
import org.facialkeypoints.model.HeatmapCodec;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.Networks;
import org.facialkeypoints.model.OutputCodec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds keypoints with a trained model. One detector may be used from many threads at once: the weights are only
 * read, and every call works in its own memory scope with gradient recording off.
 */
public final class KeypointDetector implements AutoCloseable {

    private final ModelBundle bundle;
    private final ModelConfig config;
    private final NDManager manager;
    private final Block block;
    private final OutputCodec codec;
    private final boolean zeroFill;
    private final Device device;
    private final AtomicLong forwardPasses = new AtomicLong();

    /** On a GPU when the engine sees one, else on the CPU. */
    public KeypointDetector(ModelBundle bundle) throws IOException {
        this(bundle, DeepLearning.device("auto"));
    }

    public KeypointDetector(ModelBundle bundle, Device device) throws IOException {
        this.bundle = bundle;
        this.device = device;
        this.config = bundle.config();
        this.codec = OutputCodec.of(config);
        DeepLearning.inferenceThread();
        this.zeroFill = Networks.hasUnalignedChannels(config) && LibtorchFlags.zeroFillAllocations(true);
        this.manager = DeepLearning.engine().newBaseManager(device);
        try {
            this.block = Networks.create(config, manager);
            NetworkWeights.load(block, bundle, "model '" + config.pipeline() + "/" + config.architecture() + "'");
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A built-in model name or a bundle file path, on a GPU when the engine sees one. */
    public static KeypointDetector load(String nameOrPath) throws IOException {
        return load(nameOrPath, "auto");
    }

    /** A built-in model name or a bundle file path, on the device named as {@link DeepLearning#device} takes it. */
    public static KeypointDetector load(String nameOrPath, String device) throws IOException {
        ModelBundle b = BuiltinModels.load(nameOrPath);
        Device d = DeepLearning.device(device);
        try {
            return new KeypointDetector(b, d);
        } catch (IOException e) {
            // Name the file: the bundle read fine but does not fit its own description.
            throw new IOException(nameOrPath + ": " + e.getMessage(), e);
        }
    }

    public ModelConfig config() { return config; }

    public Device device() { return device; }

    public ModelBundle bundle() { return bundle; }

    /** Where the model looks for a face: the whole image, or a square around the box. */
    public CropWindow window(int imageWidth, int imageHeight, FaceBox box) {
        return config.window(imageWidth, imageHeight, box);
    }

    private volatile FaceFinder faceFinder;
    private volatile boolean ownsFinder;

    /**
     * How faces are found when no box is given: for face-crop models each face the finder reports gets its points;
     * whole-image models take the whole image as one face when the finder sees at least one there, else report none.
     * Without a finder the whole image is the face (for face-crop models, the box). An owned finder is closed with
     * this detector.
     */
    public KeypointDetector withFaceFinder(FaceFinder finder, boolean owned) {
        FaceFinder old = this.faceFinder;
        boolean ownedOld = this.ownsFinder;
        this.faceFinder = finder;
        this.ownsFinder = owned;
        if (old != null && ownedOld && old != finder) old.close();
        return this;
    }

    public FaceFinder faceFinder() { return faceFinder; }

    /** The one sentence that refuses face boxes for a model that looks at the whole image. */
    public String wholeImageRefusal() {
        return "model " + config.pipeline() + "/" + config.architecture() + " looks at the whole image (one face per image) and"
                + " cannot use face boxes; use a face-crop model (face68, unet68, resnet68, unet, resnet) for boxes or several faces";
    }

    /** Keypoints of one face: the whole image for whole-image models; for face-crop models the box, else the whole image. */
    public FaceKeypoints detect(GrayImage image, FaceBox box) {
        return detect(List.of(image), java.util.Collections.singletonList(box)).get(0);
    }

    /** One face per entry, run as one batch; a null box is the whole image. */
    public List<FaceKeypoints> detect(List<GrayImage> images, List<FaceBox> boxes) {
        return detectPrepared(prepareAll(images, boxes));
    }

    /** The faces of one image, made ready for the network, and how many faces were too small to be landmarked. */
    public record PreparedImage(List<PreparedFace> faces, int tooSmall) {}

    /**
     * Every face of one image made ready for the network: the given boxes when there are any (face-crop models
     * only), else the faces the finder reports, else the whole image as one face.
     */
    public PreparedImage prepareFaces(GrayImage image, List<FaceBox> given) {
        return prepareFaces(image, given, faceFinder);
    }

    /** {@link #prepareFaces(GrayImage, List)} with a finder of the caller's (null: the whole image is the face). */
    public PreparedImage prepareFaces(GrayImage image, List<FaceBox> given, FaceFinder finder) {
        boolean crops = config.pipeline().cropsFaces();
        if (given != null) {
            if (!crops) throw new IllegalArgumentException(wholeImageRefusal());
            List<PreparedFace> faces = new ArrayList<>(given.size());
            for (FaceBox b : given) faces.add(prepare(image, b));
            return new PreparedImage(faces, 0);
        }
        if (finder == null) return new PreparedImage(List.of(prepare(image, null)), 0);
        FaceSearch search = finder.find(image);
        List<PreparedFace> faces = new ArrayList<>();
        if (!crops) return wholeImageFace(prepare(image, null), search);
        for (FoundFace f : search.faces()) faces.add(prepare(image, f.box(), f.roll()).withScore(f.score()));
        return new PreparedImage(faces, search.tooSmall());
    }

    /** A whole-image model's one face, where the finder saw at least one, with the best face's score. */
    private static PreparedImage wholeImageFace(PreparedFace whole, FaceSearch search) {
        return new PreparedImage(search.isEmpty() ? List.of() : List.of(whole.withScore(search.faces().get(0).score())), search.tooSmall());
    }

    /** Every face of one image, as {@link #prepareFaces(GrayImage, List, FaceFinder)} finds them, run as one batch. */
    public List<FaceKeypoints> detectFaces(GrayImage image, List<FaceBox> given, FaceFinder finder) {
        PreparedImage p = prepareFaces(image, given, finder);
        return p.faces().isEmpty() ? List.of() : detectPrepared(p.faces());
    }

    /**
     * Each face's input. With a GPU the network takes a small part of a batch's time and this thread's rendering
     * (a crop from a whole photo, per face) would hold it up, so the faces are rendered on all cores; on the CPU the
     * cores already share the network's work, or each runs its own batch, and this thread renders alone.
     */
    private List<PreparedFace> prepareAll(List<GrayImage> images, List<FaceBox> boxes) {
        PreparedFace[] faces = new PreparedFace[images.size()];
        eachFace(faces.length).forEach(i -> faces[i] = prepare(images.get(i), boxes.get(i)));
        return java.util.Arrays.asList(faces);
    }

    /**
     * A face made ready for the network: its input pixels, where they came from, the box it was cut from, and the
     * face detector's score (NaN where no detector looked).
     */
    public record PreparedFace(float[] input, CropWindow window, FaceBox box, double score) {
        public PreparedFace withScore(double s) { return new PreparedFace(input, window, box, s); }
    }

    /**
     * Renders one face's input without running any network, so it can be done on another thread while the network
     * works on other faces. The box is used as given: for face-crop models without a box the whole image is the box.
     */
    public PreparedFace prepare(GrayImage image, FaceBox box) {
        return prepare(image, box, 0);
    }

    /** {@link #prepare(GrayImage, FaceBox)} with the crop turned by {@code roll} radians (face-crop models). */
    public PreparedFace prepare(GrayImage image, FaceBox box, double roll) {
        CropWindow win = config.window(image.width(), image.height(), box, roll);
        return render(CropSource.prepare(image, win, 0), win, box);
    }

    private PreparedFace render(CropSource source, CropWindow win, FaceBox box) {
        int w = config.inputWidth(), h = config.inputHeight();
        float[] input = new float[w * h];
        source.sample(win.toInput(), w, h, input, 0);
        ModelConfig.normalize(input, 0, w * h);
        return new PreparedFace(input, win, box, Double.NaN);
    }

    /**
     * How much smaller than its original size an image of width x height may be decoded without changing what this
     * model sees: the largest of 1, 2, 4, 8 that divides both sides and stays at or above the input's scale. Always
     * 1 for face-crop models, whose window is only known once the face is found.
     */
    public int decodeFactor(int width, int height) {
        if (config.pipeline().cropsFaces()) return 1;
        double scale = window(width, height, null).toInput().scale();
        return scale >= 1 ? 1 : ReducedGray.factorFor(width, height, 1 / scale);
    }

    /** {@link #prepare(GrayImage, FaceBox)} for the whole of an image decoded at reduced size. */
    public PreparedFace prepare(ReducedGray image) {
        if (config.pipeline().cropsFaces()) throw new IllegalStateException("face-crop models need the face's box, found on the whole image");
        CropWindow win = window(image.width(), image.height(), null);
        return render(CropSource.prepare(image.pixels(), image.factor(), image.width(), image.height(), win, 0), win, null);
    }

    /**
     * {@link #prepareFaces} for a whole-image model and an image decoded at reduced size: the face finder, where there
     * is one, only says whether there is a face, and looks for it on the reduced image the model sees.
     */
    public PreparedImage prepareFaces(ReducedGray image) {
        PreparedFace whole = prepare(image);
        FaceFinder finder = faceFinder;
        if (finder == null) return new PreparedImage(List.of(whole), 0);
        return wholeImageFace(whole, finder.find(image.pixels()));
    }

    /** Indices 0..n-1: on all cores with a GPU, where this thread's work per face would hold the network up. */
    private java.util.stream.IntStream eachFace(int n) {
        java.util.stream.IntStream all = java.util.stream.IntStream.range(0, n);
        return device.isGpu() && n > 1 ? all.parallel() : all;
    }

    /** Runs the network on prepared faces as one batch. */
    public List<FaceKeypoints> detectPrepared(List<PreparedFace> faces) {
        return decodeAll(faces, forwardPrepared(faces));
    }

    /** Keypoints of prepared faces and, for heatmap models, every face's heatmaps (else none), from one pass. */
    public record MappedFaces(List<FaceKeypoints> keypoints, List<HeatmapResult> heatmaps) {}

    /** {@link #detectPrepared} that keeps the heatmaps it decoded the points from, so no second pass is needed. */
    public MappedFaces detectPreparedWithHeatmaps(List<PreparedFace> faces) {
        float[] out = forwardPrepared(faces);
        List<FaceKeypoints> points = decodeAll(faces, out);
        if (!(codec instanceof HeatmapCodec hc)) return new MappedFaces(points, List.of());
        int per = out.length / faces.size();
        List<HeatmapResult> maps = new ArrayList<>(faces.size());
        for (int i = 0; i < faces.size(); i++) {
            float[] m = Arrays.copyOfRange(out, i * per, (i + 1) * per);
            hc.softmax(m, 0);
            maps.add(new HeatmapResult(m, hc.points(), hc.width(), hc.height(), faces.get(i).window()));
        }
        return new MappedFaces(points, maps);
    }

    private float[] forwardPrepared(List<PreparedFace> faces) {
        int n = faces.size(), plane = config.inputWidth() * config.inputHeight();
        float[] input = new float[n * plane];
        for (int i = 0; i < n; i++) System.arraycopy(faces.get(i).input(), 0, input, i * plane, plane);
        return forward(input, n);
    }

    private List<FaceKeypoints> decodeAll(List<PreparedFace> faces, float[] out) {
        int n = faces.size();
        int per = out.length / n;
        FaceKeypoints[] result = new FaceKeypoints[n];
        // Reading heatmaps back (a softmax over every map) costs more than a GPU's forward pass.
        eachFace(n).forEach(i -> {
            OutputCodec.Decoded d = codec.decode(out, i * per);
            PreparedFace f = faces.get(i);
            result[i] = new FaceKeypoints(d.points().transformed(f.window().toOriginal()),
                    config.pipeline().cropsFaces() ? f.box() : null, d.confidence(), f.score());
        });
        return java.util.Arrays.asList(result);
    }

    /** The heatmaps of one face (heatmap models only), as distributions, with where they lie in the image. */
    public HeatmapResult heatmaps(GrayImage image, FaceBox box) {
        if (!(codec instanceof HeatmapCodec hc)) throw new IllegalStateException("model " + config.pipeline() + "/" + config.architecture() + " predicts no heatmaps");
        PreparedFace face = prepare(image, box);
        float[] maps = forward(face.input(), 1);
        hc.softmax(maps, 0);
        return new HeatmapResult(maps, hc.points(), hc.width(), hc.height(), face.window());
    }

    /** The network's raw outputs for n prepared inputs (n x 1 x H x W, normalized), concatenated. */
    public float[] forward(float[] inputs, int n) {
        forwardPasses.incrementAndGet();
        DeepLearning.inferenceThread();
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(inputs, Networks.inputShape(config, n));
            NDList out = block.forward(new ParameterStore(m, false), new NDList(x), false);
            return out.head().toFloatArray();
        }
    }

    /** How many forward passes this detector has run: callers can be checked to run the network once. */
    public long forwardPasses() { return forwardPasses.get(); }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        manager.close();
        if (zeroFill) LibtorchFlags.zeroFillAllocations(false);
        if (ownsFinder && faceFinder != null) faceFinder.close();
    }

    private boolean closed;
}
