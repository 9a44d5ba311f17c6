package org.facialkeypoints.fiji.ij1;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import org.facialkeypoints.fiji.KeypointTool;
import org.facialkeypoints.fiji.Messages;
import org.facialkeypoints.fiji.TrainingMonitor;
import org.facialkeypoints.fiji.commands.Display;
import org.facialkeypoints.model.Pipeline;
import org.facialkeypoints.train.TrainingOutcome;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Train Keypoint Model for plain ImageJ 1, with the SciJava command's keys. */
public class TrainKeypointModelPlugin implements PlugIn {

    @Override
    public void run(String arg) {
        GenericDialog gd = new GenericDialog("Train Keypoint Model");
        gd.addChoice("Source", new String[] {"folder", "open images"}, "folder");
        gd.addDirectoryField("Folder", "");
        gd.addChoice("Pipeline", new String[] {"nose", "face", "resnet", "unet"}, "face");
        gd.addStringField("Architecture", "", 16);
        gd.addNumericField("Epochs", 25, 0);
        gd.addNumericField("Learning_rate", 1e-3, 5);
        gd.addNumericField("Batch_size", 16, 0);
        gd.addNumericField("Validation_fraction", 0.2, 2);
        gd.addFileField("Output", "model.zip");
        gd.addStringField("Start_from", "", 16);
        gd.showDialog();
        if (gd.wasCanceled()) return;
        String source = gd.getNextChoice();
        String folder = gd.getNextString().trim();
        String pipeline = gd.getNextChoice();
        String arch = gd.getNextString();
        int epochs = (int) gd.getNextNumber();
        double lr = gd.getNextNumber();
        int batch = (int) gd.getNextNumber();
        double val = gd.getNextNumber();
        String output = gd.getNextString().trim();
        String start = gd.getNextString();
        try {
            if (gd.invalidNumber()) throw new IllegalArgumentException("Epochs, learning rate, batch size and validation fraction must be numbers");
            if (output.isEmpty()) throw new IllegalArgumentException("Choose where to save the trained model");
            KeypointTool.TrainOptions o = new KeypointTool.TrainOptions(Pipeline.fromId(pipeline), arch, epochs, lr, batch, val, 1, Path.of(output), start);
            TrainingMonitor monitor = new TrainingMonitor(Messages.interactive());
            TrainingOutcome r;
            if ("open images".equals(source)) {
                List<ImagePlus> open = new ArrayList<>();
                int[] ids = WindowManager.getIDList();
                if (ids != null) for (int id : ids) open.add(WindowManager.getImage(id));
                r = KeypointTool.trainOnOpenImages(open, o, monitor);
            } else {
                if (folder.isEmpty()) throw new IllegalArgumentException("Choose the folder with the annotated faces");
                r = KeypointTool.trainOnFolder(Path.of(folder), o, monitor);
            }
            Display.afterTraining(r, new File(output));
        } catch (Exception | OutOfMemoryError | LinkageError e) {
            Messages.error(Messages.of(e));
        }
    }
}
