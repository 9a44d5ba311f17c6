package org.facialkeypoints.fiji;

import ij.gui.Roi;
import org.facialkeypoints.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The macros as users run them: ImageJ 1's own interpreter in batch mode, the plugin installed in plugins/. */
class MacroIT {

    @TempDir
    Path dir;

    @Test
    void detectFolderWritesACsvAndARoiSetPerImage() throws Exception {
        ImageJRunner ij = new ImageJRunner(dir.resolve("imagej"));
        Path out = dir.resolve("results");
        String log = ij.run(600, "-batch", Path.of("macros/detect_folder.ijm").toAbsolutePath().toString(),
                "input=" + TestData.copyImmSamples(dir.resolve("samples")).toAbsolutePath() + " output=" + out + " model=face");
        for (String stem : TestData.IMM_SAMPLES) {
            Path csv = out.resolve(stem + ".csv");
            assertTrue(Files.isRegularFile(csv), "missing " + csv + "; ImageJ said:\n" + log);
            List<String> lines = Files.readAllLines(csv);
            assertEquals("image,face,point,name,x,y,score", lines.get(0));
            assertEquals(59, lines.size(), csv.toString());
            List<Roi> rois = RoiSetFiles.read(out.resolve(stem + ".zip"));
            assertEquals(1, rois.size());
            assertEquals(58, rois.get(0).getFloatPolygon().npoints);
        }
        assertTrue(log.contains("Detected keypoints in 4 image(s)"), log);
    }

    /**
     * A Detect line as each host records it replays in plain ImageJ 1: ImageJ 1's bare checkbox keys, and
     * ImageJ2's {@code key=true}/{@code key=false}. Labels in the overlay say whether show_labels was read as ticked.
     */
    @Test
    void aLineRecordedInEitherHostReplays() throws Exception {
        ImageJRunner ij = new ImageJRunner(dir.resolve("imagej"));
        Path out = dir.resolve("overlay-sizes.txt");
        String[] lines = {"model=face show_labels", "model=face show_labels=true results_table=false",
                "model=face show_labels=false results_table=false", "model=face"};
        StringBuilder macro = new StringBuilder("setBatchMode(true);\nsizes = \"\";\n");
        for (String line : lines) {
            macro.append("open(\"").append(TestData.immSample("35-2f").toAbsolutePath()).append("\");\n")
                    .append("run(\"Detect Keypoints\", \"").append(line).append("\");\n")
                    .append("sizes = sizes + Overlay.size + \"\\n\";\nclose(\"*\");\n");
        }
        macro.append("File.saveString(sizes, \"").append(out.toAbsolutePath()).append("\");\n");
        Path file = Files.writeString(dir.resolve("replay.ijm"), macro);
        String log = ij.run(300, "-batch", file.toAbsolutePath().toString());
        assertTrue(Files.isRegularFile(out), "the macro wrote nothing; ImageJ said:\n" + log);
        assertEquals(List.of("59", "59", "1", "1"), Files.readAllLines(out), "one face, with and without its 58 labels; log:\n" + log);
    }
}
