package org.facialkeypoints.fiji.commands;

import ij.ImagePlus;
import ij.WindowManager;
import org.facialkeypoints.fiji.KeypointTool;
import org.facialkeypoints.fiji.Messages;
import org.facialkeypoints.fiji.TrainingMonitor;
import org.facialkeypoints.model.Pipeline;
import org.facialkeypoints.train.TrainingOutcome;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Plugins > Facial Keypoints > Train Keypoint Model: a thin screen over {@link KeypointTool}'s training. */
@Plugin(type = Command.class, menuPath = "Plugins>Facial Keypoints>Train Keypoint Model", headless = true,
        description = "Trains a keypoint model on annotated faces: a folder of IMM .asf files or of images with point selections, or the open images' point selections")
public class TrainKeypointModelCommand implements Command {

    @Parameter(label = "Source", choices = {"folder", "open images"}, description = "Where the annotated faces are")
    private String source = "folder";

    @Parameter(label = "Folder", style = "directory", required = false, description = "IMM .asf files beside their images, or images with RoiSet.zip/.roi beside them")
    private File folder;

    @Parameter(label = "Pipeline", choices = {"nose", "face", "resnet", "unet"})
    private String pipeline = "face";

    @Parameter(label = "Architecture", required = false, description = "Architecture preset; empty for the pipeline's default")
    private String architecture = "";

    @Parameter(label = "Epochs", min = "1")
    private int epochs = 25;

    @Parameter(label = "Learning_rate", stepSize = "0.0001")
    private double learning_rate = 1e-3;

    @Parameter(label = "Batch_size", min = "1")
    private int batch_size = 16;

    @Parameter(label = "Validation_fraction", min = "0", max = "0.9", description = "Share of images held out (IMM-named files use the course split)")
    private double validation_fraction = 0.2;

    @Parameter(label = "Output", style = "save", description = "The trained model bundle (.zip)")
    private File output;

    @Parameter(label = "Start_from", required = false, description = "Fine-tune a model (built-in name or bundle path); empty for random weights")
    private String start_from = "";

    private TrainingOutcome result;

    @Override
    public void run() {
        try {
            if (output == null) throw new IllegalArgumentException("Choose where to save the trained model");
            KeypointTool.TrainOptions o = new KeypointTool.TrainOptions(Pipeline.fromId(pipeline), architecture, epochs, learning_rate,
                    batch_size, validation_fraction, 1, output.toPath(), start_from);
            TrainingMonitor monitor = new TrainingMonitor(Messages.interactive());
            if ("open images".equals(source)) {
                List<ImagePlus> open = new ArrayList<>();
                int[] ids = WindowManager.getIDList();
                if (ids != null) for (int id : ids) open.add(WindowManager.getImage(id));
                result = KeypointTool.trainOnOpenImages(open, o, monitor);
            } else {
                if (folder == null) throw new IllegalArgumentException("Choose the folder with the annotated faces");
                result = KeypointTool.trainOnFolder(folder.toPath(), o, monitor);
            }
            Display.afterTraining(result, output);
        } catch (Exception | OutOfMemoryError | LinkageError e) {
            error = Messages.of(e);
            Messages.error(error);
        }
    }

    /** The error the last run reported, or null. */
    public String error() { return error; }

    private String error;

    public TrainingOutcome result() { return result; }

    static String summary(TrainingOutcome r) {
        var best = r.bestEpoch();
        return String.format(Locale.ROOT, "best epoch %d%s", best == null ? 0 : best.epoch(), best != null && best.validation() != null
                ? String.format(Locale.ROOT, ", validation mean error %.2f px, MSE %.6f", best.validation().meanErrPx(), best.validation().mseNorm()) : "");
    }
}
