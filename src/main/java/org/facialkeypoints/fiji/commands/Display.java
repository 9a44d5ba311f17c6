package org.facialkeypoints.fiji.commands;

import ij.IJ;
import ij.ImagePlus;
import org.facialkeypoints.engine.DeepLearning;
import org.facialkeypoints.fiji.KeypointTable;
import org.facialkeypoints.fiji.KeypointTool;
import org.facialkeypoints.fiji.Messages;

/** What the commands show once the tool is done; nothing here computes. */
public final class Display {

    /** The device is said once per session, in the status bar, instead of the engine's start-up lines. */
    private static volatile boolean deviceShown;

    private Display() {}

    public static void afterDetect(ImagePlus imp, KeypointTool.DetectOutcome o, boolean table) {
        if (!deviceShown) {
            deviceShown = true;
            IJ.showStatus("Facial Keypoints: " + o.detector().config().pipeline() + " model on " + o.detector().device()
                    + " (" + DeepLearning.describeEngine() + ")");
        }
        for (String s : o.skipped()) Messages.log("Facial Keypoints: " + imp.getTitle() + ": " + s);
        if (table) o.table().show(KeypointTable.TITLE);
        if (Messages.interactive()) o.heatmaps().forEach(ImagePlus::show);
        imp.updateAndDraw();
        IJ.showProgress(1.0);
    }

    public static void afterTraining(org.facialkeypoints.train.TrainingOutcome r, java.io.File output) {
        String how = switch (r.stop()) {
            case COMPLETED -> "done";
            case CANCELLED -> "stopped";
            case DIVERGED, OUT_OF_MEMORY -> "stopped early";
        };
        Messages.log("Facial Keypoints: training " + how + ": " + TrainKeypointModelCommand.summary(r) + ". Model saved to " + output);
        if (r.stop().failed()) Messages.error(r.stopReason());
        ij.IJ.showProgress(1.0);
        ij.IJ.showStatus("Training " + how);
    }
}
