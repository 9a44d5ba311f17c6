package org.facialkeypoints.train;

/** Why a run stopped: as planned, because it was asked to, or because training could not go on. */
public enum TrainingStop {
    /** Every epoch ran. */
    COMPLETED,
    /** The observer asked to stop; the best model so far is kept. */
    CANCELLED,
    /** The loss became too large or not a number. */
    DIVERGED,
    /** The engine ran out of memory. */
    OUT_OF_MEMORY;

    /** Whether the run stopped on a failure, which the user must hear about (and the command line reports). */
    public boolean failed() { return this == DIVERGED || this == OUT_OF_MEMORY; }
}
