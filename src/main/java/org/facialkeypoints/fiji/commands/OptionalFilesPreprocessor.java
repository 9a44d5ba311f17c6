package org.facialkeypoints.fiji.commands;

import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps this plugin's optional file inputs from being asked for. scijava-common's file preprocessor (priority
 * -9999.5) opens a file chooser when a single file input is all that is left unset, and cancels the run without a
 * word when none is chosen, as headless it always is: a script that names every input but an optional RoiSet.zip
 * would be cancelled, or interrupted by a save dialog nobody asked for. Running just before it, this marks such
 * inputs as set, to nothing, whenever optional files are all that is left; with any other input unset the dialog
 * shows them all as usual.
 */
@Plugin(type = PreprocessorPlugin.class, priority = -9999.25)
public class OptionalFilesPreprocessor extends AbstractPreprocessorPlugin {

    private static final String OWN_PACKAGE = OptionalFilesPreprocessor.class.getPackageName() + ".";

    @Override
    public void process(Module module) {
        if (!module.getInfo().getDelegateClassName().startsWith(OWN_PACKAGE)) return;
        List<String> optionalFiles = new ArrayList<>();
        for (ModuleItem<?> item : module.getInfo().inputs()) {
            if (module.isInputResolved(item.getName())) continue;
            if (item.isRequired() || !File.class.isAssignableFrom(item.getType())) return;
            optionalFiles.add(item.getName());
        }
        optionalFiles.forEach(module::resolveInput);
    }
}
