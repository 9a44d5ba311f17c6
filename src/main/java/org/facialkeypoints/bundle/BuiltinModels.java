package org.facialkeypoints.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The models that ship inside the jar, known by name. */
public final class BuiltinModels {

    /** Built-in names and what each finds. */
    public static final List<String> NAMES = List.of("nose", "face", "resnet", "unet");

    private BuiltinModels() {}

    public static boolean isBuiltinName(String name) { return NAMES.contains(name); }

    public static boolean available(String name) {
        return isBuiltinName(name) && BuiltinModels.class.getResource(resource(name)) != null;
    }

    static String resource(String name) { return "/models/" + name + ".zip"; }

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
