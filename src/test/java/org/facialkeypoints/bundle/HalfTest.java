package org.facialkeypoints.bundle;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HalfTest {

    @Test
    void exactValuesRoundTripAndOthersRoundToNearest() {
        for (float f : new float[] {0f, -0f, 1f, -2f, 0.5f, 65504f, 6.1035156e-5f, 5.9604645e-8f}) {
            assertEquals(f, Half.toFloat(Half.fromFloat(f)), 0f, "value " + f);
        }
        assertEquals(Float.POSITIVE_INFINITY, Half.toFloat(Half.fromFloat(1e6f)));
        assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(Float.NaN))));
        Random r = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            float f = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(6) - 3));
            float back = Half.toFloat(Half.fromFloat(f));
            assertTrue(Math.abs(back - f) <= Math.abs(f) * 0x1p-11 + 1e-7f, f + " -> " + back);
        }
    }

    @Test
    void halfPrecisionArchivesReadBackWithinRounding() throws IOException {
        float[] data = new float[1000];
        Random r = new Random(2);
        for (int i = 0; i < data.length; i++) data[i] = (float) r.nextGaussian();
        List<NamedTensor> t = List.of(new NamedTensor("w", new long[] {10, 100}, data));
        byte[] half = TensorArchive.write(t, TensorArchive.FLOAT16), full = TensorArchive.write(t);
        assertTrue(half.length < full.length * 0.55);
        float[] back = TensorArchive.read(half, "test").get(0).data();
        for (int i = 0; i < data.length; i++) assertEquals(data[i], back[i], Math.abs(data[i]) * 1e-3 + 1e-6);
    }
}
