package org.facialkeypoints;

import java.nio.file.Files;
import java.nio.file.Path;

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
