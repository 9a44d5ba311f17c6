package org.facialkeypoints.fiji.commands;

import ij.ImagePlus;
import org.facialkeypoints.fiji.KeypointTool;
import org.facialkeypoints.fiji.Messages;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.File;
import java.nio.file.Path;

/** Plugins > Facial Keypoints > Export Keypoints: a thin screen over {@link KeypointTool#export}. */
@Plugin(type = Command.class, menuPath = "Plugins>Facial Keypoints>Export Keypoints", headless = true,
        description = "Saves the image's point selections as IMM .asf, CSV or iBUG XML, so corrected points become training data")
public class ExportKeypointsCommand implements Command {

    @Parameter(label = "Image", persist = false, required = false)
    private ImagePlus imp;

    @Parameter(label = "Format", choices = {"asf", "csv", "ibug-xml"})
    private String format = "asf";

    @Parameter(label = "Folder", style = "directory", description = "Where the annotation (and, when needed, a copy of the image) goes")
    private File folder;

    private Path written;

    @Override
    public void run() {
        try {
            if (folder == null) throw new IllegalArgumentException("Choose a folder to export to");
            written = KeypointTool.export(imp, KeypointTool.ExportFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT).replace('-', '_')), folder.toPath());
            Messages.log("Facial Keypoints: keypoints of " + imp.getTitle() + " saved to " + written);
        } catch (Exception | OutOfMemoryError | LinkageError e) {
            error = Messages.of(e);
            Messages.error(error);
        }
    }

    /** The error the last run reported, or null. */
    public String error() { return error; }

    private String error;

    public Path written() { return written; }
}
