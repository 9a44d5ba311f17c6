package org.facialkeypoints.train;

import java.util.Locale;

/** How the learning rate moves over a run, as a factor of the base rate at a point in training. */
public enum Schedule {
    /** The base rate throughout, as the course trained. */
    CONSTANT,
    /** Half a cosine from the base rate down to 1% of it. */
    COSINE,
    /** A short linear warm-up over the first 5% of steps, then the cosine. */
    WARMUP_COSINE;

    public double factor(long step, long totalSteps) {
        if (totalSteps <= 1) return 1;
        double t = Math.min(1, (double) step / (totalSteps - 1));
        return switch (this) {
            case CONSTANT -> 1;
            case COSINE -> cosine(t);
            case WARMUP_COSINE -> {
                double warm = 0.05;
                yield t < warm ? 0.1 + 0.9 * t / warm : cosine((t - warm) / (1 - warm));
            }
        };
    }

    private static double cosine(double t) {
        return 0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * t));
    }

    public String id() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    public static Schedule fromId(String id) {
        for (Schedule s : values()) if (s.id().equals(id.toLowerCase(Locale.ROOT))) return s;
        throw new IllegalArgumentException("unknown schedule '" + id + "'; choose constant, cosine or warmup-cosine");
    }
}
