package org.facialkeypoints.landmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The landmark sets the product knows by name. */
public final class LandmarkSets {

    private LandmarkSets() {}

    /**
     * Index in IMM's 58 points of the point the course calls the nose tip: it is the subnasale, where the nose's
     * base meets the upper lip at the top of the philtrum, not the tip of the nose (IMM marks no point there).
     */
    public static final int IMM_SUBNASALE = 52;

    /**
     * The IMM Face Database's 58 points in file order: jaw (13, from the subject's right ear round the chin to the
     * left), left eye (8), right eye (8), left eyebrow (5), right eyebrow (5), mouth (8), nose (11).
     */
    public static final LandmarkSet IMM_58 = imm58();

    /** IMM's subnasale alone, for the nose pipeline (the course's "nose tip"). */
    public static final LandmarkSet IMM_NOSE = IMM_58.subset("imm-nose", IMM_SUBNASALE);

    /** The 68-point iBUG 300-W markup (0-based: jaw 0-16, brows 17-26, nose 27-35, eyes 36-47, mouth 48-67). */
    public static final LandmarkSet IBUG_68 = ibug68();

    /** The subnasale: the midpoint where the nose's base meets the upper lip (IMM 52, iBUG 33). */
    public static final String SUBNASALE = "subnasale";
    /** The tip of the nose, the pronasale (iBUG 30; IMM has no such point). */
    public static final String NOSE_TIP = "nose_tip";

    /**
     * Names that mean one anatomical spot in every markup that uses them. Other names shared by IMM's and iBUG's
     * markups ({@code jaw_right_1}, {@code left_eye_upper_outer}, {@code nostril_left}, {@code upper_lip_left}, ...)
     * are positions along a contour that each markup spaces its own way, so they mean different spots.
     */
    public static final Set<String> SAME_SPOT_IN_EVERY_MARKUP = Set.of(SUBNASALE, NOSE_TIP, "chin",
            "right_eye_outer", "right_eye_inner", "left_eye_outer", "left_eye_inner", "mouth_right_corner", "mouth_left_corner");

    /**
     * The nose pipeline's one point: the subnasale where the set has it (the course's "nose tip", IMM 52), else a
     * point named {@code nose_tip}.
     */
    public static LandmarkSet noseOf(LandmarkSet set) {
        if (set.sameAs(IMM_58)) return IMM_NOSE;
        int i = nosePoint(set);
        if (i < 0) throw new IllegalArgumentException("the nose pipeline needs a point named " + SUBNASALE + " or " + NOSE_TIP + "; " + set + " has neither");
        return set.subset(set.id() + "-nose", i);
    }

    /** Index of the nose pipeline's point in {@code set} (see {@link #noseOf}), or -1 if it has none. */
    public static int nosePoint(LandmarkSet set) {
        int i = set.names().indexOf(SUBNASALE);
        return i >= 0 ? i : set.names().indexOf(NOSE_TIP);
    }

    /**
     * The markup whose point names {@code set} uses ({@link #IMM_58} or {@link #IBUG_68}), or null when that is not
     * known: names only one markup has decide; a set whose names are all in both (a subset of shared names) goes by
     * its id's prefix ({@code imm-}, {@code ibug-}), as the sets cut from these two are named.
     */
    public static LandmarkSet markupOf(LandmarkSet set) {
        if (set.sameAs(IMM_58)) return IMM_58;
        if (set.sameAs(IBUG_68)) return IBUG_68;
        boolean inImm = IMM_58.names().containsAll(set.names()), inIbug = IBUG_68.names().containsAll(set.names());
        if (inImm && !inIbug) return IMM_58;
        if (inIbug && !inImm) return IBUG_68;
        if (inImm) {
            if (set.id().startsWith("imm-")) return IMM_58;
            if (set.id().startsWith("ibug-")) return IBUG_68;
        }
        return null;
    }

    /**
     * Whether the point called {@code name} marks the same spot in sets {@code a} and {@code b}: always within one
     * markup and for the names in {@link #SAME_SPOT_IN_EVERY_MARKUP}; for other names that IMM and iBUG both use,
     * only when both sets are known to follow the same markup. Names neither markup uses are taken at their word.
     */
    public static boolean sameSpot(String name, LandmarkSet a, LandmarkSet b) {
        if (SAME_SPOT_IN_EVERY_MARKUP.contains(name)) return true;
        if (!(IMM_58.names().contains(name) && IBUG_68.names().contains(name))) return true;
        LandmarkSet ma = markupOf(a);
        return ma != null && ma == markupOf(b);
    }

    /**
     * For each point of {@code wanted}, its index in {@code in}, matched by name; refuses, in one sentence, a name
     * that is missing from {@code in} or that marks different spots in the two sets (see {@link #sameSpot}).
     */
    public static int[] indicesByName(LandmarkSet wanted, LandmarkSet in) {
        int[] idx = new int[wanted.size()];
        if (wanted.sameAs(in)) {
            for (int i = 0; i < idx.length; i++) idx[i] = i;
            return idx;
        }
        for (int i = 0; i < idx.length; i++) {
            String name = wanted.name(i);
            if (!in.names().contains(name)) throw new IllegalArgumentException(in + " has no point named '" + name + "' (wanted for " + wanted + ")");
            if (!sameSpot(name, wanted, in)) {
                throw new IllegalArgumentException("'" + name + "' marks different spots in " + wanted + " and " + in
                        + " (IMM's and iBUG's markups space their contour points differently), so their points cannot be compared by name");
            }
            idx[i] = in.indexOf(name);
        }
        return idx;
    }

    /**
     * The current names for a landmark set stored under older names (in a model bundle): IMM's point 52 was called
     * {@code nose_tip} and iBUG's point 33 {@code nose_base}; both are the subnasale. Other names are returned as
     * they are.
     */
    public static List<String> currentNames(String id, List<String> names) {
        List<String> out = new ArrayList<>(names);
        boolean imm = id.startsWith("imm-") || names.equals(LEGACY_IMM_58_NAMES);
        if (imm && !out.contains(SUBNASALE) && out.contains(NOSE_TIP)) out.set(out.indexOf(NOSE_TIP), SUBNASALE);
        boolean ibug = id.startsWith("ibug-");
        if (ibug && !out.contains(SUBNASALE) && out.contains("nose_base")) out.set(out.indexOf("nose_base"), SUBNASALE);
        return out;
    }

    private static final List<String> LEGACY_IMM_58_NAMES = legacyImm58Names();

    private static List<String> legacyImm58Names() {
        List<String> names = new ArrayList<>(IMM_58.names());
        names.set(IMM_SUBNASALE, NOSE_TIP);
        return List.copyOf(names);
    }

    public static LandmarkSet byId(String id) {
        for (LandmarkSet s : List.of(IMM_58, IMM_NOSE, IBUG_68)) if (s.id().equals(id)) return s;
        return null;
    }

    private static LandmarkSet imm58() {
        List<String> names = new ArrayList<>();
        int[] flip = new int[58];
        // Jaw 0..12 runs across the image from left to right: the subject's right side first; 6 is the chin.
        for (int i = 0; i < 13; i++) {
            names.add(i < 6 ? "jaw_right_" + (6 - i) : i == 6 ? "chin" : "jaw_left_" + (i - 6));
            flip[i] = 12 - i;
        }
        // Eyes: 13..20 the subject's left eye (image right), 21..28 the right eye; both start at the outer corner,
        // run along the upper lid to the inner corner and back along the lower lid, so k pairs with k + 8.
        String[] eye = {"outer", "upper_outer", "upper", "upper_inner", "inner", "lower_inner", "lower", "lower_outer"};
        for (int k = 0; k < 8; k++) {
            names.add("left_eye_" + eye[k]);
            flip[13 + k] = 21 + k;
        }
        for (int k = 0; k < 8; k++) {
            names.add("right_eye_" + eye[k]);
            flip[21 + k] = 13 + k;
        }
        // Eyebrows: 29..33 the left brow, 34..38 the right, each from the inner end outwards.
        String[] brow = {"inner", "inner_top", "top", "outer_top", "outer"};
        for (int k = 0; k < 5; k++) {
            names.add("left_brow_" + brow[k]);
            flip[29 + k] = 34 + k;
        }
        for (int k = 0; k < 5; k++) {
            names.add("right_brow_" + brow[k]);
            flip[34 + k] = 29 + k;
        }
        // Mouth 39..46: right corner, upper lip to the left corner, lower lip back.
        String[] mouth = {"mouth_right_corner", "upper_lip_right", "upper_lip_centre", "upper_lip_left",
            "mouth_left_corner", "lower_lip_left", "lower_lip_centre", "lower_lip_right"};
        int[] mouthFlip = {43, 42, 41, 40, 39, 46, 45, 44};
        for (int k = 0; k < 8; k++) {
            names.add(mouth[k]);
            flip[39 + k] = mouthFlip[k];
        }
        // Nose 47..57: down the right side of the bridge, round the nostrils to the subnasale (52, below the
        // columella at the top of the philtrum: the course's "nose tip") and up the left side.
        String[] nose = {"nose_bridge_right", "nose_side_right", "nostril_wing_right", "nostril_base_right",
            "nostril_right", SUBNASALE, "nostril_left", "nostril_base_left", "nostril_wing_left", "nose_side_left",
            "nose_bridge_left"};
        for (int k = 0; k < 11; k++) {
            names.add(nose[k]);
            flip[47 + k] = 57 - k;
        }
        return new LandmarkSet("imm-58", names, flip);
    }

    private static LandmarkSet ibug68() {
        List<String> names = new ArrayList<>();
        int[] flip = new int[68];
        // Jaw 0..16 from the subject's right ear (image left); 8 is the chin.
        for (int i = 0; i <= 16; i++) {
            names.add(i < 8 ? "jaw_right_" + (8 - i) : i == 8 ? "chin" : "jaw_left_" + (i - 8));
            flip[i] = 16 - i;
        }
        // Brows: 17..21 the right brow from its outer end, 22..26 the left brow from its inner end.
        for (int k = 0; k < 5; k++) {
            names.add("right_brow_" + (k + 1));
            flip[17 + k] = 26 - k;
        }
        for (int k = 0; k < 5; k++) {
            names.add("left_brow_" + (5 - k));
            flip[22 + k] = 21 - k;
        }
        // Nose bridge 27..29 and the tip 30 (pronasale) on the midline, lower nose 31..35 from right to left with the
        // subnasale, the base's midpoint above the philtrum, at 33.
        for (int k = 0; k < 4; k++) {
            names.add(k < 3 ? "nose_bridge_" + (k + 1) : NOSE_TIP);
            flip[27 + k] = 27 + k;
        }
        String[] lower = {"nostril_right_outer", "nostril_right", SUBNASALE, "nostril_left", "nostril_left_outer"};
        for (int k = 0; k < 5; k++) {
            names.add(lower[k]);
            flip[31 + k] = 35 - k;
        }
        // Eyes: 36..41 right eye (outer corner, upper lid, inner corner, lower lid), 42..47 left eye starting at its
        // inner corner; the mirror of 36 (right outer) is 45 (left outer).
        String[] right = {"right_eye_outer", "right_eye_upper_outer", "right_eye_upper_inner", "right_eye_inner",
            "right_eye_lower_inner", "right_eye_lower_outer"};
        String[] left = {"left_eye_inner", "left_eye_upper_inner", "left_eye_upper_outer", "left_eye_outer",
            "left_eye_lower_outer", "left_eye_lower_inner"};
        int[] rightFlip = {45, 44, 43, 42, 47, 46};
        for (int k = 0; k < 6; k++) {
            names.add(right[k]);
            flip[36 + k] = rightFlip[k];
            flip[rightFlip[k]] = 36 + k;
        }
        for (int k = 0; k < 6; k++) names.add(left[k]);
        // Outer lip 48..59 starts at the right corner and runs over the upper lip; inner lip 60..67 likewise.
        String[] outer = {"mouth_right_corner", "upper_lip_right_outer", "upper_lip_right", "upper_lip_centre",
            "upper_lip_left", "upper_lip_left_outer", "mouth_left_corner", "lower_lip_left_outer", "lower_lip_left",
            "lower_lip_centre", "lower_lip_right", "lower_lip_right_outer"};
        int[] outerFlip = {54, 53, 52, 51, 50, 49, 48, 59, 58, 57, 56, 55};
        for (int k = 0; k < 12; k++) {
            names.add(outer[k]);
            flip[48 + k] = outerFlip[k];
        }
        String[] inner = {"inner_lip_right_corner", "inner_upper_lip_right", "inner_upper_lip_centre",
            "inner_upper_lip_left", "inner_lip_left_corner", "inner_lower_lip_left", "inner_lower_lip_centre",
            "inner_lower_lip_right"};
        int[] innerFlip = {64, 63, 62, 61, 60, 67, 66, 65};
        for (int k = 0; k < 8; k++) {
            names.add(inner[k]);
            flip[60 + k] = innerFlip[k];
        }
        return new LandmarkSet("ibug-68", names, flip);
    }
}
