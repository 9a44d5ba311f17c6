package org.facialkeypoints.data;

import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.LandmarkSets;

import java.util.List;

/** Annotated faces that share one landmark set, with a line that says where they came from. */
public record Dataset(String description, LandmarkSet landmarks, List<AnnotatedSample> samples) {

    public Dataset {
        samples = List.copyOf(samples);
        for (AnnotatedSample s : samples) {
            if (s.points().size() != landmarks.size()) {
                throw new IllegalArgumentException(s.image() + ": " + s.points().size() + " points, but "
                        + landmarks + " has " + landmarks.size());
            }
        }
    }

    public int size() { return samples.size(); }

    /** The readers' notes on what they repaired, one line each, over all faces (usually none). */
    public List<String> notes() { return samples.stream().flatMap(s -> s.notes().stream()).toList(); }

    public long imageCount() { return samples.stream().map(s -> s.image() + "#" + s.slice()).distinct().count(); }

    public Dataset withSamples(String newDescription, List<AnnotatedSample> subset) {
        return new Dataset(newDescription, landmarks, subset);
    }

    /**
     * The same faces with only the points of {@code target}, matched by name (a nose set from 58 points, say);
     * refuses names that mark different spots in the two sets ({@link LandmarkSets#indicesByName}).
     */
    public Dataset selectPoints(LandmarkSet target) {
        if (target.sameAs(landmarks)) return this;
        int[] idx;
        try {
            idx = LandmarkSets.indicesByName(target, landmarks);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(description + ": " + e.getMessage(), e);
        }
        return new Dataset(description, target, samples.stream()
                .map(s -> new AnnotatedSample(s.image(), s.slice(), s.imageWidth(), s.imageHeight(), s.points().reordered(idx), s.box(), s.notes()))
                .toList());
    }
}
