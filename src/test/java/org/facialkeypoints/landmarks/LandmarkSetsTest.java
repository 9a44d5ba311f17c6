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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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
    void immHas58UniquelyNamedPointsAndTheSubnasaleAt52() {
        LandmarkSet s = LandmarkSets.IMM_58;
        assertEquals(58, s.size());
        // The course's "nose tip" is the subnasale, below the nose at the top of the philtrum; IMM has no nose tip.
        assertEquals("subnasale", s.name(52));
        assertFalse(s.names().contains("nose_tip"));
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
        assertEquals("subnasale", s.name(33));
        assertEquals("right_eye_outer", s.name(36));
        assertEquals("left_eye_outer", s.name(45));
    }

    @Test
    void brokenPermutationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LandmarkSet("x", List.of("a", "b", "c"), new int[] {1, 2, 0}));
        assertThrows(IllegalArgumentException.class, () -> new LandmarkSet("x", List.of("a", "a"), new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> new LandmarkSet("x", List.of("a", "b"), new int[] {0}));
    }

    @Test
    void theNosePipelineIsTheSubnasaleInBothMarkups() {
        assertEquals(LandmarkSets.IMM_NOSE, LandmarkSets.noseOf(LandmarkSets.IMM_58));
        assertEquals(List.of("subnasale"), LandmarkSets.IMM_NOSE.names());
        assertEquals(52, LandmarkSets.nosePoint(LandmarkSets.IMM_58));
        assertEquals(33, LandmarkSets.nosePoint(LandmarkSets.IBUG_68));
        assertEquals(List.of("subnasale"), LandmarkSets.noseOf(LandmarkSets.IBUG_68).names());
        // A set of its own that has only a nose tip still gets a nose pipeline on that point.
        LandmarkSet own = new LandmarkSet("mine", List.of("a", "nose_tip"), new int[] {0, 1});
        assertEquals(List.of("nose_tip"), LandmarkSets.noseOf(own).names());
        assertThrows(IllegalArgumentException.class, () -> LandmarkSets.noseOf(new LandmarkSet("x", List.of("a"), new int[] {0})));
    }

    @Test
    void aNoseModelIsComparedWithTheSubnasaleOf68PointDataNotTheNoseTip() {
        assertArrayEquals(new int[] {33}, LandmarkSets.indicesByName(LandmarkSets.IMM_NOSE, LandmarkSets.IBUG_68));
        assertArrayEquals(new int[] {52}, LandmarkSets.indicesByName(LandmarkSets.noseOf(LandmarkSets.IBUG_68), LandmarkSets.IMM_58));
        // iBUG's nose tip has no counterpart in IMM.
        LandmarkSet tip = LandmarkSets.IBUG_68.subset("ibug-68-tip", 30);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LandmarkSets.indicesByName(tip, LandmarkSets.IMM_58));
        assertTrue(e.getMessage().contains("no point named 'nose_tip'"), e.getMessage());
    }

    @Test
    void namesThatMarkDifferentSpotsInTheTwoMarkupsAreNotCompared() {
        LandmarkSet imm = LandmarkSets.IMM_58, ibug = LandmarkSets.IBUG_68;
        // Both markups say jaw_right_1, left_eye_upper_outer or nostril_left, each for a spot of its own spacing.
        for (String name : List.of("jaw_right_1", "left_eye_upper_outer", "nostril_left", "upper_lip_left")) {
            assertTrue(imm.names().contains(name) && ibug.names().contains(name), name);
            LandmarkSet cut = imm.subset("imm-" + name, imm.indexOf(name));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LandmarkSets.indicesByName(cut, ibug));
            assertTrue(e.getMessage().contains("marks different spots") && e.getMessage().endsWith("cannot be compared by name"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            // Within one markup the name is the name.
            assertArrayEquals(new int[] {imm.indexOf(name)}, LandmarkSets.indicesByName(cut, imm));
            // A set of unknown markup holding only shared names cannot be told apart, so it is refused against both.
            LandmarkSet unknown = new LandmarkSet("mine", List.of(name), new int[] {0});
            assertNull(LandmarkSets.markupOf(unknown));
            assertThrows(IllegalArgumentException.class, () -> LandmarkSets.indicesByName(unknown, imm));
            assertThrows(IllegalArgumentException.class, () -> LandmarkSets.indicesByName(unknown, ibug));
        }
        // The eye and mouth corners, the chin and the subnasale are one spot in both.
        LandmarkSet corners = ibug.subset("ibug-68-corners", 36, 45, 48, 54, 8, 33);
        assertArrayEquals(new int[] {21, 13, 39, 43, 6, 52}, LandmarkSets.indicesByName(corners, imm));
        assertSame(LandmarkSets.IBUG_68, LandmarkSets.markupOf(corners));
        assertSame(LandmarkSets.IMM_58, LandmarkSets.markupOf(LandmarkSets.IMM_NOSE));
        // Every name the two markups share is either one spot in both or refused across them.
        for (String name : imm.names()) {
            if (!ibug.names().contains(name)) continue;
            boolean same = LandmarkSets.SAME_SPOT_IN_EVERY_MARKUP.contains(name);
            assertEquals(same, LandmarkSets.sameSpot(name, imm, ibug), name);
        }
    }

    @Test
    void theDataAndTheEvaluatorRefuseAMismatchedComparisonInOneSentence() throws IOException {
        Dataset ibugFaces = new Dataset("ibug faces", LandmarkSets.IBUG_68, List.of());
        LandmarkSet jaw = LandmarkSets.IMM_58.subset("imm-jaw", 0, 12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ibugFaces.selectPoints(jaw));
        assertTrue(e.getMessage().startsWith("ibug faces: 'jaw_right_6' marks different spots"), e.getMessage());
        IOException io = assertThrows(IOException.class, () -> org.facialkeypoints.eval.Evaluator.dataIndices(jaw, LandmarkSets.IBUG_68));
        assertTrue(io.getMessage().contains("marks different spots"), io.getMessage());
        assertArrayEquals(new int[] {33}, org.facialkeypoints.eval.Evaluator.dataIndices(LandmarkSets.IMM_NOSE, LandmarkSets.IBUG_68));
        assertEquals(List.of("subnasale"), imm.selectPoints(LandmarkSets.IMM_NOSE).landmarks().names());
    }

    @Test
    void oldNamesReadFromBundlesAreTodays() {
        assertEquals(List.of("subnasale"), LandmarkSets.currentNames("imm-nose", List.of("nose_tip")));
        List<String> old = new java.util.ArrayList<>(LandmarkSets.IMM_58.names());
        old.set(52, "nose_tip");
        assertEquals(LandmarkSets.IMM_58.names(), LandmarkSets.currentNames("imm-58", old));
        List<String> old68 = new java.util.ArrayList<>(LandmarkSets.IBUG_68.names());
        old68.set(33, "nose_base");
        assertEquals(LandmarkSets.IBUG_68.names(), LandmarkSets.currentNames("ibug-68", old68));
        // iBUG's nose tip is a nose tip: a 68-point nose set keeps its name.
        assertEquals(List.of("nose_tip"), LandmarkSets.currentNames("ibug-68-nose", List.of("nose_tip")));
        assertEquals(List.of("a", "nose_tip"), LandmarkSets.currentNames("mine", List.of("a", "nose_tip")));
    }
}
