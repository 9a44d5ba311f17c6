package org.facialkeypoints.fiji;

import ij.ImagePlus;
import org.facialkeypoints.image.ImageFiles;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The memory Detect's heatmaps take on a large photo (docs/BENCHMARKS.md): a photo with several faces scaled to
 * 6000x4000, detected with a heatmap model; prints each face's stack size, their sum, what whole-image stacks would
 * take, and the heap in use after a full collection with the outcome held, minus before detection.
 * Arguments: the photo, the model (default unet68).
 */
public final class HeatmapMemoryMeasurement {

    public static void main(String[] args) throws Exception {
        ImagePlus photo = ImageFiles.open(Path.of(args[0]));
        String model = args.length > 1 ? args[1] : "unet68";
        ImagePlus imp = new ImagePlus(photo.getTitle(), photo.getProcessor().resize(6000, 4000, true));
        KeypointTool.detector(model);
        long before = usedAfterGc();
        KeypointTool.DetectOutcome o = KeypointTool.detect(imp, new KeypointTool.DetectOptions(model, false, null, null));
        long after = usedAfterGc();
        long stacks = 0;
        for (ImagePlus maps : o.heatmaps()) {
            long bytes = 4L * maps.getWidth() * maps.getHeight() * maps.getStackSize();
            stacks += bytes;
            System.out.printf(Locale.ROOT, "%s: %dx%d x %d maps, %.1f MB%n", maps.getTitle(), maps.getWidth(), maps.getHeight(),
                    maps.getStackSize(), bytes / 1e6);
        }
        int maps = o.heatmaps().isEmpty() ? 0 : o.heatmaps().get(0).getStackSize();
        double whole = 4.0 * imp.getWidth() * imp.getHeight() * maps * o.heatmaps().size();
        System.out.printf(Locale.ROOT, "%d faces on %dx%d: heatmap stacks %.1f MB (whole-image stacks would be %.1f GB, %.0fx);"
                + " heap after detection minus before: %.1f MB%n", o.faces().size(), imp.getWidth(), imp.getHeight(), stacks / 1e6,
                whole / 1e9, whole / stacks, (after - before) / 1e6);
        System.exit(0);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
