package org.facialkeypoints.bundle;

import java.util.Arrays;

/** A named float32 array with its shape: one model parameter or one piece of optimizer state. */
public record NamedTensor(String name, long[] shape, float[] data) {

    public NamedTensor {
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException(name + ": negative dimension in " + Arrays.toString(shape));
            n = Math.multiplyExact(n, d);
        }
        if (n != data.length) throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
    }

    public long size() { return data.length; }

    public String shapeText() { return Arrays.toString(shape); }
}
