package org.facialkeypoints.facedetect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Finds the YuNet model file the way model zoos do; the first hit wins:
 * <ol>
 * <li>a path the caller names (a command-line option, a dialog field);</li>
 * <li>the system property {@value #PROPERTY};</li>
 * <li>the environment variable {@value #ENV};</li>
 * <li>{@code $FACIAL_KEYPOINTS_MODELS/yunet_n_640_640.onnx};</li>
 * <li>the user cache, {@code $XDG_CACHE_HOME/facial-keypoints/models/} or {@code ~/.cache/facial-keypoints/models/}
 * (on every system: one place to look for and to tell users about);</li>
 * <li>{@code models/} in Fiji's folder (system property {@code fiji.dir}, else {@code ij.dir});</li>
 * <li>a download into the user cache, unless offline.</li>
 * </ol>
 * A file the user names (1-3) must exist and is used even if its SHA-256 differs from the pinned one: it may be
 * another YuNet export on purpose, and OpenCV says so when it cannot load it. A copy found in a folder (4-6) must
 * have the pinned SHA-256, or it is passed over: such a copy may be a half-written or tampered file nobody chose.
 * Every file must be a regular file of at most 10 MB.
 */
public final class ModelLocator {

    public static final String PROPERTY = "facialkeypoints.yunet";
    public static final String ENV = "FACIAL_KEYPOINTS_YUNET";
    public static final String MODELS_ENV = "FACIAL_KEYPOINTS_MODELS";
    /** DJL's switch for "never download"; honoured here too so one setting keeps the whole plugin offline. */
    public static final String DJL_OFFLINE = "ai.djl.offline";

    private final Map<String, String> env;
    private final Properties properties;
    private final ModelDownload download;

    /** Looks at this process's environment and system properties. */
    public ModelLocator() {
        this(System.getenv(), System.getProperties());
    }

    /** Looks at the given environment and properties (user.home, fiji.dir, ...) instead of the process's own. */
    public ModelLocator(Map<String, String> env, Properties properties) {
        this(env, properties, new ModelDownload());
    }

    ModelLocator(Map<String, String> env, Properties properties, ModelDownload download) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.properties = Objects.requireNonNull(properties, "properties");
        this.download = Objects.requireNonNull(download, "download");
    }

    /**
     * The model file: see the class comment for the order.
     *
     * @param explicit a path the user gave, or null
     * @param offline  true forbids the download (as does the system property {@code ai.djl.offline=true})
     * @throws FaceDetectorUnavailableException with one sentence saying where it looked and where to put the file
     */
    public Path locate(Path explicit, boolean offline) {
        if (explicit != null) return userFile(explicit, "the path given");
        String prop = properties.getProperty(PROPERTY);
        if (notBlank(prop)) return userFile(path(prop, "system property " + PROPERTY), "system property " + PROPERTY);
        String envFile = env.get(ENV);
        if (notBlank(envFile)) return userFile(path(envFile, "environment variable " + ENV), "environment variable " + ENV);

        List<Path> folders = searchFolders();
        List<Path> rejected = new ArrayList<>();
        for (Path folder : folders) {
            Path candidate = folder.resolve(FaceDetectorModel.FILE_NAME);
            if (!Files.exists(candidate)) continue;
            if (pinnedCopy(candidate)) return candidate;
            rejected.add(candidate);
        }
        Path cache = cacheFolder();
        String looked = "looked for " + FaceDetectorModel.FILE_NAME + " in " + join(folders)
                + (rejected.isEmpty() ? "" : ", passing over " + join(rejected) + " whose size or SHA-256 is wrong");
        String where = "put " + FaceDetectorModel.URL + " (SHA-256 " + FaceDetectorModel.SHA256 + ") into " + cache
                + " or name the file in the system property " + PROPERTY + " or the environment variable " + ENV;
        if (offline || "true".equalsIgnoreCase(properties.getProperty(DJL_OFFLINE, "").trim())) {
            throw new FaceDetectorUnavailableException("No YuNet face-detector model was found (" + looked
                    + ") and downloads are off: " + where + ".");
        }
        try {
            return download.downloadInto(cache, FaceDetectorModel.FILE_NAME);
        } catch (IOException | RuntimeException e) {
            throw new FaceDetectorUnavailableException("No YuNet face-detector model was found (" + looked
                    + ") and the download failed (" + stripPeriod(OpenCvLibrary.oneLine(e)) + "): " + where + ".", e);
        }
    }

    /** The folders searched, in order: the models folder of the environment, the user cache, Fiji's models folder. */
    public List<Path> searchFolders() {
        List<Path> out = new ArrayList<>();
        String models = env.get(MODELS_ENV);
        if (notBlank(models)) out.add(path(models, "environment variable " + MODELS_ENV));
        out.add(cacheFolder());
        for (String key : List.of("fiji.dir", "ij.dir")) {
            String dir = properties.getProperty(key);
            if (notBlank(dir)) {
                Path p = path(dir, "system property " + key).resolve("models");
                if (!out.contains(p)) out.add(p);
            }
        }
        return out;
    }

    /** Where a download goes: {@code $XDG_CACHE_HOME/facial-keypoints/models}, else under {@code user.home/.cache}. */
    public Path cacheFolder() {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base;
        // The XDG spec says relative values are to be ignored.
        if (notBlank(xdg) && Path.of(xdg).isAbsolute()) {
            base = Path.of(xdg);
        } else {
            String home = properties.getProperty("user.home");
            if (!notBlank(home)) throw new FaceDetectorUnavailableException("No home folder is known (system property user.home is empty), so there is no model cache: name the model file in the system property " + PROPERTY + ".");
            base = path(home, "system property user.home").resolve(".cache");
        }
        return base.resolve("facial-keypoints").resolve("models");
    }

    private static Path userFile(Path p, String source) {
        if (!Files.isRegularFile(p)) {
            throw new FaceDetectorUnavailableException("The face-detector model named by " + source + ", " + p
                    + ", is not a file: give the path of " + FaceDetectorModel.FILE_NAME + ".");
        }
        long size = sizeOf(p);
        if (size < 0 || size > FaceDetectorModel.MAX_BYTES) {
            throw new FaceDetectorUnavailableException("The face-detector model named by " + source + ", " + p + ", has "
                    + size + " bytes, more than any YuNet export (at most " + FaceDetectorModel.MAX_BYTES + "): give the path of "
                    + FaceDetectorModel.FILE_NAME + ".");
        }
        return p;
    }

    private static boolean pinnedCopy(Path p) {
        if (!Files.isRegularFile(p)) return false;
        long size = sizeOf(p);
        if (size <= 0 || size > FaceDetectorModel.MAX_BYTES) return false;
        try {
            return FaceDetectorModel.SHA256.equalsIgnoreCase(ModelDownload.sha256Of(p));
        } catch (IOException e) {
            return false;
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private static Path path(String value, String source) {
        try {
            return Path.of(value.trim());
        } catch (InvalidPathException e) {
            throw new FaceDetectorUnavailableException("The " + source + " holds '" + value + "', which is not a valid path: give the path of "
                    + FaceDetectorModel.FILE_NAME + ".");
        }
    }

    private static boolean notBlank(String s) { return s != null && !s.isBlank(); }

    private static String join(List<Path> paths) {
        List<String> s = paths.stream().map(Path::toString).toList();
        if (s.size() <= 1) return String.join("", s);
        return String.join(", ", s.subList(0, s.size() - 1)) + " and " + s.get(s.size() - 1);
    }

    private static String stripPeriod(String s) { return s.endsWith(".") ? s.substring(0, s.length() - 1) : s; }
}
