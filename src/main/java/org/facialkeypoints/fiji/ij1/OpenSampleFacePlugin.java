package org.facialkeypoints.fiji.ij1;

import ij.plugin.PlugIn;
import org.facialkeypoints.fiji.KeypointTool;
import org.facialkeypoints.fiji.Messages;

/** Open Sample Face for plain ImageJ 1. */
public class OpenSampleFacePlugin implements PlugIn {

    @Override
    public void run(String arg) {
        try {
            KeypointTool.sampleFace().show();
        } catch (Exception | OutOfMemoryError | LinkageError e) {
            Messages.error(Messages.of(e));
        }
    }
}
