package org.facialkeypoints.landmarks;

import org.facialkeypoints.TestData;
import org.facialkeypoints.data.AnnotatedSample;
import org.facialkeypoints.data.Dataset;
import org.facialkeypoints.data.DatasetLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LandmarkSetsTest {

    private static Dataset imm;

    @BeforeAll
    static void load() throws IOException {
        imm = DatasetLoader.load(TestData.imm());
    }

    /** Frontal views (view 1), where the midline is well defined. */
    private static List<AnnotatedSample> frontal() {
        Pattern view1 = Pattern.compile("\\d{2}-1[mf]\\.jpg");
        return imm.samples().stream().filter(s -> view1.matcher(s.imageName()).matches()).toList();
    }

    @Test
    void immHas58UniquelyNamedPointsAndTheNoseTipAt52() {
        LandmarkSet s = LandmarkSets.IMM_58;
        assertEquals(58, s.size());
        assertEquals("nose_tip", s.name(52));
        assertEquals("chin", s.name(6));
        assertEquals(1, LandmarkSets.IMM_NOSE.size());
    }

    @Test
    void immFlipPairsLieOnOppositeSidesOfTheFaceOnEveryFrontalImage() {
        LandmarkSet set = LandmarkSets.IMM_58;
        for (AnnotatedSample s : frontal()) {
            Landmarks p = s.points();
            double mid = midline(p, set);
            for (int i = 0; i < set.size(); i++) {
                int j = set.flipPartner(i);
                if (i == j) continue;
                double a = p.x(i) - mid, b = p.x(j) - mid;
                assertTrue(a * b < 0, s.imageName() + ": " + set.name(i) + " and " + set.name(j) + " are on the same side");
                // The subject's left points sit on the image's right.
                if (set.name(i).contains("left")) assertTrue(a > 0, s.imageName() + ": " + set.name(i) + " should be on the image's right");
            }
        }
    }

    @Test
    void immMirroredFacesMatchTheAverageFaceOnlyWithThePermutation() {
        LandmarkSet set = LandmarkSets.IMM_58;
        double withPerm = 0, without = 0;
        for (AnnotatedSample s : frontal()) {
            Landmarks p = s.points();
            double mid = midline(p, set);
            for (int i = 0; i < set.size(); i++) {
                int j = set.flipPartner(i);
                // Mirror point j about the midline; with a correct pairing it lands near point i.
                double mx = 2 * mid - p.x(j);
                withPerm += Math.hypot(mx - p.x(i), p.y(j) - p.y(i));
                double nx = 2 * mid - p.x(i);
                without += Math.hypot(nx - p.x(i), 0);
            }
        }
        assertTrue(withPerm * 4 < without, "mirrored partners should land near their points: " + withPerm + " vs " + without);
    }

    private static double midline(Landmarks p, LandmarkSet set) {
        double sum = 0;
        for (int i = 0; i < set.size(); i++) sum += p.x(i);
        return sum / set.size();
    }

    @Test
    void ibugFlipIsThe300WPairing() {
        LandmarkSet s = LandmarkSets.IBUG_68;
        assertEquals(68, s.size());
        assertEquals(45, s.flipPartner(36));
        assertEquals(16, s.flipPartner(0));
        assertEquals(30, s.flipPartner(30));
        assertEquals(54, s.flipPartner(48));
        assertEquals(66, s.flipPartner(66));
        assertEquals("nose_tip", s.name(30));
        assertEquals("right_eye_outer", s.name(36));
        assertEquals("left_eye_outer", s.name(45));
    }

    @Test
    void brokenPermutationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LandmarkSet("x", List.of("a", "b", "c"), new int[] {1, 2, 0}));
        assertThrows(IllegalArgumentException.class, () -> new LandmarkSet("x", List.of("a", "a"), new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> new LandmarkSet("x", List.of("a", "b"), new int[] {0}));
    }
}
