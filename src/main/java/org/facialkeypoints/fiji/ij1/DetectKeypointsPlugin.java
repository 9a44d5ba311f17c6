package org.facialkeypoints.fiji.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import org.facialkeypoints.bundle.BuiltinModels;
import org.facialkeypoints.facedetect.DetectorSettings;
import org.facialkeypoints.fiji.KeypointTool;
import org.facialkeypoints.fiji.Messages;
import org.facialkeypoints.fiji.commands.Display;

import java.nio.file.Path;

/**
 * Detect Keypoints for plain ImageJ 1 (registered in plugins.config): the same dialog keys as the SciJava command,
 * so {@code run("Detect Keypoints", "model=face show_labels")} works in both.
 */
public class DetectKeypointsPlugin implements PlugIn {

    @Override
    public void run(String arg) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) {
            Messages.error("No image: open an image first");
            return;
        }
        MacroOptions.acceptBooleans("show_labels", "results_table");
        GenericDialog gd = new GenericDialog("Detect Keypoints");
        gd.addStringField("Model", BuiltinModels.DEFAULT, 24);
        gd.addNumericField("Min_score", DetectorSettings.DEFAULT.scoreThreshold(), 2);
        gd.addFileField("Detector_model", "");
        gd.addCheckbox("Show_labels", false);
        gd.addCheckbox("Results_table", true);
        gd.addFileField("Roi_set", "");
        gd.addFileField("Csv", "");
        gd.showDialog();
        if (gd.wasCanceled()) return;
        String model = gd.getNextString();
        double minScore = gd.getNextNumber();
        String detectorModel = gd.getNextString().trim();
        boolean labels = gd.getNextBoolean(), table = gd.getNextBoolean();
        String roiSet = gd.getNextString().trim(), csv = gd.getNextString().trim();
        try {
            if (!(minScore >= 0 && minScore <= 1)) throw new IllegalArgumentException("Min_score must be between 0 and 1, not " + minScore);
            KeypointTool.DetectOutcome o = KeypointTool.detect(imp, new KeypointTool.DetectOptions(model, labels,
                    roiSet.isEmpty() ? null : Path.of(roiSet), csv.isEmpty() ? null : Path.of(csv), minScore,
                    detectorModel.isEmpty() ? null : Path.of(detectorModel)));
            Display.afterDetect(imp, o, table);
        } catch (Exception | OutOfMemoryError | LinkageError e) {
            Messages.error(Messages.of(e));
            IJ.showStatus("");
        }
    }
}
