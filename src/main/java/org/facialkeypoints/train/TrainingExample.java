package org.facialkeypoints.train;

import org.facialkeypoints.data.AnnotatedSample;
import org.facialkeypoints.geometry.CropWindow;
import org.facialkeypoints.image.CropSource;

/** One face ready for training: its decoded, pre-shrunk pixels, the window the model sees, and its annotation. */
public record TrainingExample(AnnotatedSample sample, CropSource source, CropWindow window) {}
