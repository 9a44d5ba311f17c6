package org.facialkeypoints.fiji.commands;

import ij.ImagePlus;
import org.facialkeypoints.fiji.KeypointTool;
import org.facialkeypoints.fiji.Messages;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins > Facial Keypoints > Open Sample Face: the face shipped in the jar, to try Detect at once. */
@Plugin(type = Command.class, menuPath = "Plugins>Facial Keypoints>Open Sample Face", headless = true,
        description = "Opens a sample face (IMM Face Database, validation person 33) to try Detect Keypoints on")
public class OpenSampleFaceCommand implements Command {

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus sample;

    @Override
    public void run() {
        try {
            // Fiji displays output images itself.
            sample = KeypointTool.sampleFace();
        } catch (Exception | OutOfMemoryError | LinkageError e) {
            error = Messages.of(e);
            Messages.error(error);
        }
    }

    /** The error the last run reported, or null. */
    public String error() { return error; }

    private String error;

    public ImagePlus sample() { return sample; }
}
