package org.facialkeypoints.io;

import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.landmarks.Landmarks;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KeypointCsvTest {

    @Test
    void numbersAreWrittenAsPercentPointThreeFWritesThem() {
        Random rnd = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            double v = (rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(8));
            if (v < 0 && v > -0.0005) continue; // %.3f writes "-0.000"; the table writes 0.000
            assertEquals(String.format(Locale.ROOT, "%.3f", v), KeypointCsv.format(v), "value " + v);
        }
        assertEquals("0.000", KeypointCsv.format(-0.0001));
        assertEquals("-0.001", KeypointCsv.format(-0.0009));
        assertEquals("12.050", KeypointCsv.format(12.05));
        // Never a NaN or an infinity in the table: the cell stays empty.
        assertEquals("", KeypointCsv.format(Double.NaN));
        assertEquals("", KeypointCsv.format(Double.POSITIVE_INFINITY));
        KeypointCsv csv = new KeypointCsv(false);
        csv.add("n.jpg", 0, LandmarkSets.IMM_NOSE, Landmarks.interleaved(new double[] {Double.NaN, Double.NEGATIVE_INFINITY}), null, Double.NaN);
        assertEquals("image,face,point,name,x,y,score\nn.jpg,0,0," + LandmarkSets.IMM_NOSE.name(0) + ",,,\n", csv.text());
    }

    @Test
    void oneRowPerPointWithQuotedNames() {
        KeypointCsv csv = new KeypointCsv(true);
        csv.add("a,b.jpg", 0, LandmarkSets.IMM_NOSE, Landmarks.interleaved(new double[] {10.25, 3}), new double[] {0.5}, 0.93);
        csv.add("c.jpg", 1, LandmarkSets.IMM_NOSE, Landmarks.interleaved(new double[] {1, 2}), new double[] {0.25}, Double.NaN);
        assertEquals("image,face,point,name,x,y,score,confidence\n"
                + "\"a,b.jpg\",0,0," + LandmarkSets.IMM_NOSE.name(0) + ",10.250,3.000,0.9300,0.500\n"
                + "c.jpg,1,0," + LandmarkSets.IMM_NOSE.name(0) + ",1.000,2.000,,0.250\n", csv.text(), "no score for a given box");
    }
}
