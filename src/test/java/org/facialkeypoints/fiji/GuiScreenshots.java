package org.facialkeypoints.fiji;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;

import javax.imageio.ImageIO;
import java.awt.Dialog;
import java.awt.EventQueue;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.event.KeyEvent;
import java.awt.event.WindowEvent;
import java.io.File;

/**
 * Drives ImageJ 1's real GUI (run under a virtual display by {@link GuiIT}) and saves screenshots: each command's
 * dialog, Detect Keypoints' result with the Facial Keypoints menu open, a heatmap model's stack and overlay, and a
 * short training run's live loss plot. Arguments: the ImageJ home with the plugin in plugins/, the output folder,
 * the heatmap model (or "none"), and a folder of IMM faces to train on (or "none").
 */
public final class GuiScreenshots {

    static final Rectangle SCREEN = new Rectangle(0, 0, 1280, 900);
    /** Exit code when a step hangs; the thread dump printed before it says where. */
    static final int STUCK = 3;
    static final long DEADLINE_MS = Long.getLong("gui.deadline.ms", 200_000);

    private static volatile String step = "starting";
    private static final long START = System.nanoTime();

    public static void main(String[] args) throws Exception {
        startWatchdog();
        System.setProperty("plugins.dir", args[0]);
        File out = new File(args[1]);
        String heatmapModel = args.length > 2 ? args[2] : "none";
        String trainData = args.length > 3 ? args[3] : "none";
        step("start ImageJ");
        ImageJ ij = new ImageJ();
        waitFor(ij::isShowing);
        ij.setLocation(0, 0);
        Robot robot = new Robot();
        step("open the sample face");
        IJ.run("Open Sample Face");
        waitFor(() -> WindowManager.getCurrentImage() != null && WindowManager.getCurrentImage().getWindow() != null);
        ImagePlus imp = WindowManager.getCurrentImage();
        imp.getWindow().setLocation(0, ij.getHeight() + 5);
        Thread.sleep(500);

        for (String command : new String[] {"Detect Keypoints", "Train Keypoint Model", "Export Keypoints"}) {
            step("dialog of " + command);
            Thread t = new Thread(() -> {
                try {
                    IJ.run(command);
                } catch (RuntimeException canceled) {
                    // ImageJ aborts a command whose dialog was cancelled by throwing; that is the expected end here.
                }
            });
            t.start();
            Thread.sleep(2000);
            ImageIO.write(robot.createScreenCapture(SCREEN), "png", new File(out, "dialog-" + command.toLowerCase().replace(' ', '-') + ".png"));
            cancelDialogs();
            t.join(10_000);
        }

        step("detect with the face model");
        IJ.run(imp, "Detect Keypoints", "model=face results_table");
        Window table = WindowManager.getWindow("Keypoints");
        if (table != null) table.setBounds(imp.getWindow().getWidth() + 10, ij.getHeight() + 5, 560, 420);
        Thread.sleep(1500);
        // Open Plugins > Facial Keypoints: click the menu's title (its place on the menu bar as ImageJ draws it under
        // this display), then walk down to the submenu with the keyboard and open it.
        step("open the Facial Keypoints menu");
        ij.toFront();
        Rectangle bar = ij.getBounds();
        robot.mouseMove(bar.x + 321, bar.y + 12);
        robot.mousePress(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
        Thread.sleep(800);
        // The submenu is the Plugins menu's last entry (see plugins.config); click it to open it.
        robot.mouseMove(bar.x + 340, bar.y + 156);
        robot.mousePress(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
        Thread.sleep(800);
        ImageIO.write(robot.createScreenCapture(SCREEN), "png", new File(out, "gui-detect.png"));
        press(robot, KeyEvent.VK_ESCAPE);
        press(robot, KeyEvent.VK_ESCAPE);

        if (!"none".equals(heatmapModel)) {
            step("detect with " + heatmapModel);
            if (table != null) table.setVisible(false);
            IJ.run(imp, "Detect Keypoints", "model=[" + heatmapModel + "]");
            Thread.sleep(1500);
            ImagePlus stack = WindowManager.getCurrentImage();
            if (stack != null && stack != imp && stack.getWindow() != null) {
                stack.getWindow().setLocation(imp.getWindow().getWidth() + 10, ij.getHeight() + 5);
                stack.setSlice(Math.min(stack.getStackSize(), 53));
            }
            Thread.sleep(1000);
            ImageIO.write(robot.createScreenCapture(SCREEN), "png", new File(out, "gui-heatmaps.png"));
        }

        if (!"none".equals(trainData)) {
            step("train from the menu command");
            File model = new File(out, "gui-trained.zip");
            IJ.run("Train Keypoint Model", "source=folder folder=[" + trainData + "] pipeline=nose architecture=reference epochs=4"
                    + " learning_rate=0.001 batch_size=16 validation_fraction=0.2 output=[" + model + "]");
            Thread.sleep(1000);
            Window log = WindowManager.getWindow("Log");
            if (log != null) log.setBounds(0, 520, 760, 300);
            Thread.sleep(700);
            ImageIO.write(robot.createScreenCapture(SCREEN), "png", new File(out, "gui-training.png"));
        }
        step("done");
        // halt, not exit: every picture is written, and no window disposal or shutdown hook can hang the run now.
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static void step(String name) {
        step = name;
        System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - START) / 1e9, name);
    }

    /** A run that hangs prints where it stands and every thread's stack, then ends, so the test's log says why. */
    private static void startWatchdog() {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(DEADLINE_MS);
            } catch (InterruptedException e) {
                return;
            }
            StringBuilder dump = new StringBuilder("GUI run stuck at step: " + step + "\n");
            Thread.getAllStackTraces().forEach((thread, frames) -> {
                dump.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
                for (StackTraceElement f : frames) dump.append("    at ").append(f).append('\n');
            });
            System.out.print(dump);
            System.out.flush();
            Runtime.getRuntime().halt(STUCK);
        }, "gui-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Closes open dialogs as their window's close box would (cancel), without depending on keyboard focus. */
    private static void cancelDialogs() throws Exception {
        EventQueue.invokeAndWait(() -> {
            for (Window w : Window.getWindows()) {
                if (w instanceof Dialog && w.isShowing()) w.dispatchEvent(new WindowEvent(w, WindowEvent.WINDOW_CLOSING));
            }
        });
        Thread.sleep(300);
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
