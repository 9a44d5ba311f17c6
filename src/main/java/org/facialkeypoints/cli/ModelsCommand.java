package org.facialkeypoints.cli;

import org.facialkeypoints.bundle.BuiltinModels;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.facedetect.FaceDetectorModel;
import org.facialkeypoints.model.ModelConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** {@code models}: the built-in models (or a bundle file), what each finds, and the terms it carries. */
@Command(name = "models", header = "list the built-in models, what each finds and the terms of their training data",
        description = "For each: its pipeline and architecture, the points it finds, its input, the data it was "
                + "trained on, its validation figures and, where its training data has terms (the 300-W annotations "
                + "are for research and non-commercial use only), the terms.")
final class ModelsCommand extends CliCommand {

    @Parameters(paramLabel = "<name|model.zip>", arity = "0..*",
            description = "built-in model names or bundle files (default: every built-in model)")
    List<String> models = new ArrayList<>();

    ModelsCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() throws Exception {
        List<String> names = models.isEmpty() ? BuiltinModels.NAMES : models;
        for (String name : names) {
            ModelBundle b = BuiltinModels.load(name);
            ModelConfig c = b.config();
            String alias = "face68".equals(name) ? " (= unet68)" : "";
            String isDefault = name.equals(BuiltinModels.DEFAULT) ? " [default]" : "";
            out.printf("%s%s%s: %s/%s, %d points (%s), %s input %dx%d%n", name, alias, isDefault, c.pipeline().id(),
                    c.architecture(), c.landmarks().size(), c.landmarks().id(),
                    c.pipeline().cropsFaces() ? "face-box" : "whole-image", c.inputWidth(), c.inputHeight());
            if (b.training().has("data")) out.println("  trained on: " + b.training().get("data").getAsString());
            if (b.metrics().has("validation")) out.println("  validation: " + b.metrics().get("validation"));
            if (!b.description().isEmpty()) out.println("  terms: " + b.description());
        }
        out.println();
        out.println("Face-box models find their faces with the YuNet face detector (" + FaceDetectorModel.LICENSE + "; "
                + FaceDetectorModel.CITATION + ").");
        return Main.OK;
    }
}
