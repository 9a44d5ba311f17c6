package org.facialkeypoints.cli;

import org.facialkeypoints.bundle.BuiltinModels;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.facedetect.FaceDetectorModel;
import org.facialkeypoints.model.ModelConfig;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code models}: the built-in models (or a bundle file), what each finds, and the terms it carries. */
final class ModelsCommand implements Main.Command {

    @Override
    public String summary() { return "list the built-in models, what each finds and the terms of their training data"; }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: models [<name|model.zip>...]",
                "",
                "Without arguments: every built-in model. For each: its pipeline and architecture, the points it finds,",
                "its input, the data it was trained on, its validation figures and, where its training data has terms",
                "(the 300-W annotations are for research and non-commercial use only), the terms.");
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of(), Set.of());
        List<String> names = a.positional().isEmpty() ? BuiltinModels.NAMES : a.positional();
        for (String name : names) {
            ModelBundle b = BuiltinModels.load(name);
            ModelConfig c = b.config();
            String alias = "face68".equals(name) ? " (= unet68)" : "";
            out.printf("%s%s%s: %s/%s, %d points (%s), %s input %dx%d%n", name, alias, name.equals(BuiltinModels.DEFAULT) ? " [default]" : "",
                    c.pipeline().id(), c.architecture(), c.landmarks().size(), c.landmarks().id(),
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
