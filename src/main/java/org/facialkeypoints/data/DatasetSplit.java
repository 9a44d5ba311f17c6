package org.facialkeypoints.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A training part and a validation part of one data set; faces from the same image never straddle the two. */
public record DatasetSplit(Dataset train, Dataset validation) {

    /** IMM file names: person (01-40), view (1-6), sex (m/f). */
    private static final Pattern IMM_NAME = Pattern.compile("(\\d{2})-(\\d)([mf])\\.[A-Za-z]+");
    /** The course split: persons 1-32 train, 33-40 validate. */
    public static final int COURSE_LAST_TRAIN_PERSON = 32;

    public static boolean isImmNamed(AnnotatedSample s) { return IMM_NAME.matcher(s.imageName()).matches(); }

    public static int immPerson(AnnotatedSample s) {
        Matcher m = IMM_NAME.matcher(s.imageName());
        if (!m.matches()) throw new IllegalArgumentException("not an IMM file name: " + s.imageName());
        return Integer.parseInt(m.group(1));
    }

    /** True when every image is named the IMM way, so the course split applies. */
    public static boolean courseSplitApplies(Dataset data) {
        return data.size() > 0 && data.samples().stream().allMatch(DatasetSplit::isImmNamed);
    }

    public static DatasetSplit course(Dataset data) {
        if (!courseSplitApplies(data)) throw new IllegalArgumentException("the course split needs IMM file names (PP-Vg.jpg)");
        List<AnnotatedSample> train = new ArrayList<>(), val = new ArrayList<>();
        for (AnnotatedSample s : data.samples()) (immPerson(s) <= COURSE_LAST_TRAIN_PERSON ? train : val).add(s);
        return new DatasetSplit(data.withSamples(data.description() + ", persons 1-32", train),
                data.withSamples(data.description() + ", persons 33-40", val));
    }

    /**
     * 300-W crops are named {@code <subset>_<photo>_<k>} for HELEN and AFW (face k of that photo) and
     * {@code lfpw_image_<n>} for LFPW (one face per photo); the photo is what a split must keep on one side.
     */
    private static final Pattern W300_MULTI_FACE = Pattern.compile("((?:helen|afw)_\\d+)_\\d+\\.[A-Za-z]+");
    private static final Pattern W300_NAME = Pattern.compile("(lfpw|helen|afw)_.+\\.[A-Za-z]+");
    /** The share of faces validated on when none is given: 20% on small sets, the 300-W convention of 10% there. */
    public static final double DEFAULT_FRACTION = 0.2, W300_FRACTION = 0.1;

    /** The 300-W subset a crop comes from (lfpw, helen, afw), or null for other names. */
    public static String w300Subset(AnnotatedSample s) {
        Matcher m = W300_NAME.matcher(s.imageName());
        return m.matches() ? m.group(1) : null;
    }

    /** The source photo a face was cut from: faces of one photo never straddle a split. */
    public static String sourcePhoto(AnnotatedSample s) {
        Matcher m = W300_MULTI_FACE.matcher(s.imageName());
        if (m.matches()) return s.image().resolveSibling(m.group(1)).toString();
        return s.image() + "#" + s.slice();
    }

    /** 10% for 300-W crops (every name like {@code lfpw_...}, {@code helen_...}, {@code afw_...}), else 20%. */
    public static double defaultFraction(Dataset data) {
        boolean w300 = data.size() > 0 && data.samples().stream().allMatch(s -> w300Subset(s) != null);
        return w300 ? W300_FRACTION : DEFAULT_FRACTION;
    }

    /** Validation gets about {@code fraction} of the source photos, drawn with the seed; at least one when fraction > 0. */
    public static DatasetSplit random(Dataset data, double fraction, long seed) {
        if (fraction < 0 || fraction >= 1) throw new IllegalArgumentException("validation fraction must be in [0, 1): " + fraction);
        Map<String, List<AnnotatedSample>> byImage = new LinkedHashMap<>();
        for (AnnotatedSample s : data.samples()) byImage.computeIfAbsent(sourcePhoto(s), k -> new ArrayList<>()).add(s);
        List<String> keys = new ArrayList<>(byImage.keySet());
        Collections.sort(keys);
        Collections.shuffle(keys, new Random(seed));
        int nVal = fraction == 0 ? 0 : Math.max(1, (int) Math.round(keys.size() * fraction));
        if (fraction > 0 && nVal >= keys.size()) nVal = keys.size() - 1;
        List<AnnotatedSample> train = new ArrayList<>(), val = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) (i < nVal ? val : train).addAll(byImage.get(keys.get(i)));
        return new DatasetSplit(data.withSamples(data.description() + ", training part", train),
                data.withSamples(data.description() + ", validation part (" + nVal + " images, seed " + seed + ")", val));
    }

    /** {@link #auto} with the default share for this data where none is given (null). */
    public static DatasetSplit auto(Dataset data, Double fraction, long seed) {
        return auto(data, fraction != null ? fraction : defaultFraction(data), seed);
    }

    /** The course split for IMM-named data, else a seeded random split. */
    public static DatasetSplit auto(Dataset data, double fraction, long seed) {
        return courseSplitApplies(data) ? course(data) : random(data, fraction, seed);
    }
}
