package org.facialkeypoints.fiji.commands;

import ij.ImagePlus;
import org.facialkeypoints.fiji.KeypointTable;
import org.facialkeypoints.fiji.KeypointTool;
import org.facialkeypoints.fiji.Messages;

/** What the commands show once the tool is done; nothing here computes. */
public final class Display {

    private Display() {}

    public static void afterDetect(ImagePlus imp, KeypointTool.DetectOutcome o, boolean table) {
        for (String s : o.skipped()) Messages.log("Facial Keypoints: " + imp.getTitle() + ": " + s);
        if (table) o.table().show(KeypointTable.TITLE);
        if (o.heatmaps() != null && Messages.interactive()) o.heatmaps().show();
        imp.updateAndDraw();
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
