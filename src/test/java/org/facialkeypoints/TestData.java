package org.facialkeypoints;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the tests find the real data: {@code ../shared/data} beside the project (override with the system property
 * {@code fkp.data}). Missing data is an error, not a skip, so a test can never pass by not looking.
 */
public final class TestData {

    private TestData() {}

    public static Path root() {
        String override = System.getProperty("fkp.data");
        Path p = override != null ? Path.of(override) : Path.of("..", "shared", "data");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("Test data not found at " + p.toAbsolutePath()
                    + " (expected the IMM Face Database and dlib's faces; set -Dfkp.data=...)");
        }
        return p;
    }

    public static Path imm() { return root().resolve("imm_face_db"); }

    public static Path immFile(String name) { return imm().resolve(name); }

    public static Path dlib() { return root().resolve("dlib_faces"); }

    /** Four IMM faces of different kinds: frontal, frontal and happy, turned, any pose. */
    public static final List<String> IMM_SAMPLES = List.of("33-1m", "35-2f", "37-4m", "40-6m");

    /** One of the four sample IMM photos, read where the database lies. */
    public static Path immSample(String stem) { return immFile(stem + ".jpg"); }

    /**
     * The four sample IMM photos with their shape files, copied into {@code folder} (created when missing) for the
     * tests that run a command over a whole folder: the repository carries none of the database's files.
     */
    public static Path copyImmSamples(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (String stem : IMM_SAMPLES) {
            for (String ext : List.of(".jpg", ".asf")) Files.copy(immFile(stem + ext), folder.resolve(stem + ext));
        }
        return folder;
    }

    public static Path ibug300w() { return root().resolve("ibug_300w_train"); }

    /** The third-party models: {@code ../shared/models} beside the project (override with {@code fkp.models}). */
    public static Path models() {
        String override = System.getProperty("fkp.models");
        Path p = override != null ? Path.of(override) : Path.of("..", "shared", "models");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("Models not found at " + p.toAbsolutePath() + " (expected yunet/; set -Dfkp.models=...)");
        }
        return p;
    }

    public static Path yunet() { return models().resolve("yunet").resolve("yunet_n_640_640.onnx"); }
}
