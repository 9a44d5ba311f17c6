package org.facialkeypoints.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The models that ship inside the jar, known by name. */
public final class BuiltinModels {

    /** Built-in names and what each finds. */
    public static final List<String> NAMES = List.of("nose", "face", "resnet", "unet", "resnet68", "unet68", "face68");

    /**
     * {@code face68} names the better of the two 68-point models trained on the 300-W training faces: on the
     * validation split the UNet scores NME 3.56% with the true box against the ResNet's 5.01% (docs/RESULTS.md).
     */
    static final String FACE68 = "unet68";

    /** The model of {@code detect} and of Detect Keypoints when none is named: 68 points on every face found. */
    public static final String DEFAULT = "face68";

    /** The citation of the 300-W annotations, short enough for a help line. */
    public static final String W300_CITATION = "Sagonas et al., 300 Faces in-the-Wild Challenge, ICCV-W 2013 and Image and Vision Computing 47, 2016";

    /** The terms every model trained on the 300-W annotations carries (they are for research, non-commercial use). */
    public static final String W300_TERMS = "Trained on the iBUG 300-W annotations (LFPW, HELEN, AFW training faces), which are"
            + " provided for research and non-commercial use only. Cite: C. Sagonas et al., 300 Faces in-the-Wild Challenge,"
            + " ICCV-W 2013, and Image and Vision Computing 47, 2016.";

    /** The built-in models trained on the 300-W annotations. */
    private static final java.util.Set<String> W300_MODELS = java.util.Set.of("resnet68", "unet68", "face68");

    /** The terms of a built-in model's training data, or null where the model carries none (the IMM models). */
    public static String terms(String name) {
        return W300_MODELS.contains(name) ? W300_TERMS : null;
    }

    private BuiltinModels() {}

    public static boolean isBuiltinName(String name) { return NAMES.contains(name); }

    public static boolean available(String name) {
        return isBuiltinName(name) && BuiltinModels.class.getResource(resource(name)) != null;
    }

    static String resource(String name) { return "/models/" + ("face68".equals(name) ? FACE68 : name) + ".zip"; }

    /** A built-in name or the path of a bundle file. */
    public static ModelBundle load(String nameOrPath) throws IOException {
        if (isBuiltinName(nameOrPath) && !Files.exists(Path.of(nameOrPath))) {
            try (InputStream in = BuiltinModels.class.getResourceAsStream(resource(nameOrPath))) {
                if (in == null) throw new IOException("The built-in model '" + nameOrPath + "' is not part of this build");
                return BundleFile.read(in, "built-in model '" + nameOrPath + "'");
            }
        }
        Path p = Path.of(nameOrPath);
        if (!Files.exists(p)) {
            throw new IOException("Unknown model '" + nameOrPath + "': not a built-in name (" + String.join(", ", NAMES)
                    + ") and no such file");
        }
        return BundleFile.read(p);
    }
}
