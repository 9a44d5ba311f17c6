package org.facialkeypoints.fiji.ij1;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import org.facialkeypoints.fiji.KeypointTool;
import org.facialkeypoints.fiji.Messages;

import java.nio.file.Path;
import java.util.Locale;

/** Export Keypoints for plain ImageJ 1, with the SciJava command's keys. */
public class ExportKeypointsPlugin implements PlugIn {

    @Override
    public void run(String arg) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) {
            Messages.error("No image: open an image first");
            return;
        }
        GenericDialog gd = new GenericDialog("Export Keypoints");
        gd.addChoice("Format", new String[] {"asf", "csv", "ibug-xml"}, "asf");
        gd.addDirectoryField("Folder", "");
        gd.showDialog();
        if (gd.wasCanceled()) return;
        String format = gd.getNextChoice();
        String folder = gd.getNextString().trim();
        try {
            if (folder.isEmpty()) throw new IllegalArgumentException("Choose a folder to export to");
            Path written = KeypointTool.export(imp, KeypointTool.ExportFormat.valueOf(format.toUpperCase(Locale.ROOT).replace('-', '_')), Path.of(folder));
            Messages.log("Facial Keypoints: keypoints of " + imp.getTitle() + " saved to " + written);
        } catch (Exception | OutOfMemoryError | LinkageError e) {
            Messages.error(Messages.of(e));
        }
    }
}
