package org.facialkeypoints.fiji;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;

import javax.imageio.ImageIO;
import java.awt.Frame;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.event.KeyEvent;
import java.io.File;

/**
 * Drives ImageJ 1's real GUI (run under a virtual display by {@link GuiIT}): opens the sample face from the
 * plugin's menu command, runs Detect Keypoints, opens the Facial Keypoints menu with the keyboard, and saves
 * screenshots. Arguments: the ImageJ home with the plugin in plugins/, the output folder, and the model for the
 * heatmap picture (or "none").
 */
public final class GuiScreenshots {

    public static void main(String[] args) throws Exception {
        System.setProperty("plugins.dir", args[0]);
        File out = new File(args[1]);
        String heatmapModel = args.length > 2 ? args[2] : "none";
        ImageJ ij = new ImageJ();
        waitFor(() -> ij.isShowing());
        ij.setLocation(0, 0);
        IJ.run("Open Sample Face");
        waitFor(() -> WindowManager.getCurrentImage() != null && WindowManager.getCurrentImage().getWindow() != null);
        ImagePlus imp = WindowManager.getCurrentImage();
        imp.getWindow().setLocation(0, ij.getHeight() + 5);
        IJ.run(imp, "Detect Keypoints", "model=face show_labels results_table");
        Window table = WindowManager.getWindow("Keypoints");
        if (table != null) table.setLocation(imp.getWindow().getWidth() + 10, ij.getHeight() + 5);
        Thread.sleep(1500);
        Robot robot = new Robot();
        // Open Plugins > Facial Keypoints with the keyboard: F10 opens the menu bar's first menu.
        ij.toFront();
        ij.requestFocus();
        Thread.sleep(500);
        press(robot, KeyEvent.VK_F10);
        for (int i = 0; i < 5; i++) press(robot, KeyEvent.VK_RIGHT);
        Thread.sleep(700);
        Rectangle screen = new Rectangle(0, 0, 1280, 900);
        ImageIO.write(robot.createScreenCapture(screen), "png", new File(out, "gui-detect.png"));
        press(robot, KeyEvent.VK_ESCAPE);
        press(robot, KeyEvent.VK_ESCAPE);
        if (!"none".equals(heatmapModel)) {
            IJ.run(imp, "Detect Keypoints", "model=[" + heatmapModel + "] results_table");
            Thread.sleep(2000);
            ImageIO.write(robot.createScreenCapture(screen), "png", new File(out, "gui-heatmaps.png"));
        }
        for (Frame f : Frame.getFrames()) f.dispose();
        System.exit(0);
    }

    private static void press(Robot r, int key) throws InterruptedException {
        r.keyPress(key);
        r.keyRelease(key);
        Thread.sleep(250);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) Thread.sleep(100);
    }
}
