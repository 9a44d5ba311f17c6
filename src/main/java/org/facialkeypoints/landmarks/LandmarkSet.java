package org.facialkeypoints.landmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The identity of a family of landmarks: how many points, what each is called, and which point a horizontal flip of
 * the image turns it into. Left and right are always the subject's own, so the subject's right eye appears on the
 * image's left.
 */
public final class LandmarkSet {

    private final String id;
    private final List<String> names;
    private final int[] flipPermutation;

    public LandmarkSet(String id, List<String> names, int[] flipPermutation) {
        this.id = Objects.requireNonNull(id, "id");
        this.names = List.copyOf(names);
        this.flipPermutation = flipPermutation.clone();
        validate();
    }

    private void validate() {
        int n = names.size();
        if (n == 0) throw new IllegalArgumentException("Landmark set '" + id + "' has no points");
        if (flipPermutation.length != n) {
            throw new IllegalArgumentException("Landmark set '" + id + "': flip permutation has "
                    + flipPermutation.length + " entries for " + n + " points");
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name == null || name.isBlank() || !seen.add(name)) {
                throw new IllegalArgumentException("Landmark set '" + id + "': point names must be unique and non-empty, got '" + name + "'");
            }
        }
        for (int i = 0; i < n; i++) {
            int j = flipPermutation[i];
            if (j < 0 || j >= n || flipPermutation[j] != i) {
                throw new IllegalArgumentException("Landmark set '" + id + "': flip permutation is not a pairing at index " + i);
            }
        }
    }

    public String id() { return id; }

    public int size() { return names.size(); }

    public List<String> names() { return names; }

    public String name(int index) { return names.get(index); }

    /** Index of the point that point {@code index} becomes when the image is mirrored left to right. */
    public int flipPartner(int index) { return flipPermutation[index]; }

    public int[] flipPermutation() { return flipPermutation.clone(); }

    public int indexOf(String name) {
        int i = names.indexOf(name);
        if (i < 0) throw new IllegalArgumentException("Landmark set '" + id + "' has no point named '" + name + "'");
        return i;
    }

    /**
     * The points at {@code indices}, in that order, as a set of their own. Flip partners outside the subset map to
     * themselves, which is right only for points on the midline; callers choose such subsets.
     */
    public LandmarkSet subset(String subsetId, int... indices) {
        List<String> sub = new ArrayList<>();
        int[] perm = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            sub.add(names.get(indices[k]));
            int partner = flipPermutation[indices[k]];
            int pos = -1;
            for (int m = 0; m < indices.length; m++) if (indices[m] == partner) pos = m;
            perm[k] = pos >= 0 ? pos : k;
        }
        return new LandmarkSet(subsetId, sub, perm);
    }

    /** True when the two sets name the same points in the same order with the same flip pairs. */
    public boolean sameAs(LandmarkSet other) {
        return other != null && names.equals(other.names) && Arrays.equals(flipPermutation, other.flipPermutation);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LandmarkSet other && id.equals(other.id) && sameAs(other);
    }

    @Override
    public int hashCode() { return Objects.hash(id, names); }

    @Override
    public String toString() { return id + " (" + size() + " points)"; }
}
