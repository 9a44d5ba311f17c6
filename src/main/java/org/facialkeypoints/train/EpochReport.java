package org.facialkeypoints.train;

import org.facialkeypoints.eval.ErrorSummary;

/**
 * What one epoch achieved. {@code validation} is null when there is no validation set; {@code valLoss} is then NaN.
 * Times are seconds since the run (or the resumed part of it) started.
 */
public record EpochReport(int epoch, int epochs, double trainLoss, double valLoss, ErrorSummary validation,
                          double learningRate, double elapsedSeconds, double etaSeconds, boolean best) {

    /** The figure training is judged by: validation MSE (normalized to the image), else the training loss. */
    public double score() { return validation != null ? validation.mseNorm() : trainLoss; }
}
