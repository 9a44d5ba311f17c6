package org.facialkeypoints.fiji.commands;

import ij.IJ;
import ij.ImagePlus;
import org.facialkeypoints.bundle.BuiltinModels;
import org.facialkeypoints.facedetect.DetectorSettings;
import org.facialkeypoints.fiji.KeypointTool;
import org.facialkeypoints.io.KeypointCsv;
import org.facialkeypoints.fiji.Messages;
import org.scijava.Cancelable;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.File;

/** Plugins > Facial Keypoints > Detect Keypoints: a thin screen over {@link KeypointTool#detect}. */
@Plugin(type = Command.class, menuPath = "Plugins>Facial Keypoints>Detect Keypoints", headless = true,
        description = "Finds the facial keypoints of every face on the current image (every slice of a stack) and adds each face"
                + " as a point selection. Faces are the rectangles in the ROI Manager, else a rectangle selection, else every"
                + " face the YuNet face detector finds. The default model, face68, was trained on the iBUG 300-W annotations,"
                + " for research and non-commercial use only (Sagonas et al., 300 Faces in-the-Wild Challenge, ICCV-W 2013 and"
                + " Image and Vision Computing 47, 2016).")
public class DetectKeypointsCommand implements Command, Cancelable {

    /** Set when SciJava (or a script) cancels the run; a stack stops after the position it is on. */
    private volatile String cancelReason;

    @Parameter(label = "Image", persist = false, required = false)
    private ImagePlus imp;

    @Parameter(label = "Model", description = "A built-in model (nose, face, resnet, unet; resnet68, unet68, face68: 68 points, trained on the iBUG 300-W annotations, for research and non-commercial use only) or the path of a model bundle (.zip)")
    private String model = BuiltinModels.DEFAULT;

    @Parameter(label = "Min_score", min = "0", max = "1", stepSize = "0.05",
            description = "The face detector's score a face needs (0..1); lower finds more faces and more false ones")
    private double min_score = DetectorSettings.DEFAULT.scoreThreshold();

    @Parameter(label = "Detector_model", required = false, persist = false, style = "open",
            description = "The YuNet face-detector file (yunet_n_640_640.onnx); leave empty to use Fiji.app/models, the user cache"
                    + " or a one-time download with a pinned checksum")
    private File detector_model;

    @Parameter(label = "Show_labels", description = "Label every point with its name in the overlay")
    private boolean show_labels = false;

    @Parameter(label = "Results_table", description = "Show the points in a results table")
    private boolean results_table = true;

    @Parameter(label = "Roi_set", required = false, persist = false, style = "save",
            description = "Also save the point selections as a RoiSet.zip here (leave empty for none)")
    private File roi_set;

    @Parameter(label = "Csv", required = false, persist = false, style = "save",
            description = "Also save the points as CSV (" + KeypointCsv.HEADER + ") here (leave empty for none)")
    private File csv;

    /** Set after a run: the outcome, for scripts and tests. */
    private KeypointTool.DetectOutcome outcome;

    @Override
    public void run() {
        try {
            IJ.resetEscape();
            outcome = KeypointTool.detect(imp, new KeypointTool.DetectOptions(model, show_labels, path(roi_set), path(csv),
                    min_score, path(detector_model)), new KeypointTool.Progress() {
                        @Override public void at(int done, int total) { KeypointTool.Progress.IMAGEJ.at(done, total); }
                        @Override public boolean cancelled() { return isCanceled() || IJ.escapePressed(); }
                    });
            Display.afterDetect(imp, outcome, results_table);
        } catch (Exception | OutOfMemoryError | LinkageError e) {
            error = Messages.of(e);
            Messages.error(error);
        }
    }

    @Override
    public boolean isCanceled() { return cancelReason != null; }

    @Override
    public void cancel(String reason) { cancelReason = reason == null ? "" : reason; }

    @Override
    public String getCancelReason() { return cancelReason; }

    /** The error the last run reported, or null. */
    public String error() { return error; }

    private String error;

    public KeypointTool.DetectOutcome outcome() { return outcome; }

    static java.nio.file.Path path(File f) {
        return f == null || f.getPath().isBlank() ? null : f.toPath();
    }
}
