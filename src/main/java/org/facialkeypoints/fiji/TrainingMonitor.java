package org.facialkeypoints.fiji;

import ij.IJ;
import ij.gui.Plot;
import ij.gui.PlotWindow;
import org.facialkeypoints.figures.LossChart;
import org.facialkeypoints.train.EpochReport;
import org.facialkeypoints.train.TrainingObserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shows a training run as it goes: a log line per epoch, progress and time left in the status bar, and a live plot
 * of training and validation loss redrawn after every epoch. Pressing Esc (ImageJ's abort key) or calling
 * {@link #cancel()} stops the run after the current batch; the best model so far is kept.
 */
public final class TrainingMonitor implements TrainingObserver {

    private final boolean show;
    private final List<Double> epochs = new ArrayList<>(), train = new ArrayList<>(), val = new ArrayList<>();
    private volatile boolean cancelled;
    private PlotWindow window;
    private int totalEpochs, batchesPerEpoch;
    private long start;
    private double lastEpochSeconds;

    public TrainingMonitor(boolean show) { this.show = show; }

    public void cancel() { cancelled = true; }

    @Override
    public void onStart(int epochs, int batches, int trainFaces, int validationFaces, String device) {
        totalEpochs = epochs;
        batchesPerEpoch = batches;
        start = System.nanoTime();
        IJ.resetEscape();
        IJ.log(String.format(Locale.ROOT,
                "Facial Keypoints: training on %d faces, validating on %d, %d epochs of %d batches (%s). Esc stops.",
                trainFaces, validationFaces, epochs, batches, device));
    }

    @Override
    public void onBatch(int epoch, int batch, int batches, double loss) {
        double done = (epoch - 1) + (double) batch / batches;
        double elapsed = (System.nanoTime() - start) / 1e9;
        double eta = done > 0 ? elapsed / done * (totalEpochs - done) : 0;
        IJ.showProgress(done / totalEpochs);
        IJ.showStatus(String.format(Locale.ROOT, "Training: epoch %d/%d, batch %d/%d, loss %.5f, %s left (Esc stops)",
                epoch, totalEpochs, batch, batches, loss, duration(eta)));
    }

    @Override
    public void onEpoch(EpochReport r) {
        lastEpochSeconds = r.elapsedSeconds();
        epochs.add((double) r.epoch());
        train.add(r.trainLoss());
        val.add(r.valLoss());
        String validation = r.validation() == null ? "" : String.format(Locale.ROOT,
                ", validation loss %.6f, mean error %.2f px", r.valLoss(), r.validation().meanErrPx());
        IJ.log(String.format(Locale.ROOT, "epoch %d/%d: train loss %.6f%s, %s%s", r.epoch(), r.epochs(), r.trainLoss(),
                validation, duration(r.etaSeconds()) + " left", r.best() ? " (best so far)" : ""));
        if (show) updatePlot();
    }

    /** The loss plot as it stands, drawn as the loss PNG of {@code figures} is; null before the first epoch. */
    public Plot plot() {
        if (epochs.isEmpty()) return null;
        return LossChart.of("Training loss", null, toArray(epochs), toArray(train), toArray(val))
                .plot(LossChart.WIDTH, LossChart.HEIGHT);
    }

    private void updatePlot() {
        Plot p = plot();
        if (p == null) return;
        if (window == null || window.isClosed()) {
            window = p.show();
        } else {
            window.drawPlot(p);
        }
    }

    @Override
    public boolean cancelRequested() {
        return cancelled || IJ.escapePressed();
    }

    public double seconds() { return lastEpochSeconds; }

    private static double[] toArray(List<Double> l) {
        double[] a = new double[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = l.get(i);
        return a;
    }

    static String duration(double s) {
        long t = Math.round(s);
        if (t < 60) return t + " s";
        return t < 3600 ? (t / 60) + " min " + (t % 60) + " s" : (t / 3600) + " h " + (t % 3600) / 60 + " min";
    }
}
