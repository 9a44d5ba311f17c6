package org.facialkeypoints.fiji;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ImageJ 1's real GUI under a virtual display with the plugin installed in plugins/: opens the sample face, runs
 * Detect Keypoints, opens the Facial Keypoints menu and takes screenshots (target/gui/). The pictures in docs/ are
 * copies of these. The test checks that the screenshots exist and show the red detections on the face.
 */
class GuiIT {

    @Test
    void detectKeypointsFromTheMenuShowsThePointsOnTheFace() throws Exception {
        Path home = Files.createDirectories(Path.of("target", "gui", "imagej"));
        new ImageJRunner(home); // installs the plugin jar in home/plugins
        Path out = Files.createDirectories(Path.of("target", "gui"));
        List<String> cmd = new ArrayList<>(List.of("xvfb-run", "-a", "-s", "-screen 0 1280x900x24",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx3g",
                "-cp", ImageJRunner.require("plugin.jar") + File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath(),
                GuiScreenshots.class.getName(), home.toAbsolutePath().toString(), out.toAbsolutePath().toString(),
                System.getProperty("gui.heatmap.model", "unet")));
        Path log = out.resolve("gui.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IllegalStateException("the GUI run did not finish; log:\n" + Files.readString(log));
        }
        File shot = out.resolve("gui-detect.png").toFile();
        assertTrue(shot.isFile(), "no screenshot; log:\n" + Files.readString(log));
        BufferedImage img = ImageIO.read(shot);
        int red = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y), r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                if (r > 200 && g < 60 && b < 60) red++;
            }
        }
        assertTrue(red > 50, "the detected points (red) should be visible: " + red + " red pixels");
    }
}
