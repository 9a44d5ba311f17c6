package org.facialkeypoints.fiji;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.ImageRoi;
import ij.plugin.LutLoader;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.LUT;
import org.facialkeypoints.detect.HeatmapResult;
import org.facialkeypoints.geometry.Affine2D;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.image.Resampling;
import org.facialkeypoints.landmarks.LandmarkSet;

import java.awt.image.IndexColorModel;

/**
 * Heatmaps the way ImageJ shows them: a stack with one slice per landmark (named after it, in the image's own
 * geometry so it lines up with the image, with the Fire LUT), and the sum of all maps as a semi-transparent layer of
 * the image's overlay.
 */
public final class HeatmapDisplay {

    public static final String LAYER_NAME = "keypoint heatmaps";

    private HeatmapDisplay() {}

    /** The maps resampled onto the image's pixel grid, one slice per landmark. */
    public static ImagePlus stack(HeatmapResult h, LandmarkSet set, int imageWidth, int imageHeight, String title) {
        ImageStack st = new ImageStack(imageWidth, imageHeight);
        Affine2D imageToMap = h.mapToOriginal().inverse();
        for (int p = 0; p < h.points(); p++) {
            GrayImage g = Resampling.warp(new GrayImage(h.width(), h.height(), h.map(p)), imageToMap, imageWidth, imageHeight, 0);
            st.addSlice(set.name(p), new FloatProcessor(imageWidth, imageHeight, g.pixels()));
        }
        ImagePlus imp = new ImagePlus(title, st);
        imp.setLut(fire());
        imp.resetDisplayRange();
        return imp;
    }

    /** The summed maps as a coloured, half-transparent image layer over the face. */
    public static ImageRoi layer(HeatmapResult h, int imageWidth, int imageHeight) {
        GrayImage sum = Resampling.warp(new GrayImage(h.width(), h.height(), h.sum()), h.mapToOriginal().inverse(), imageWidth, imageHeight, 0);
        float max = 1e-12f;
        for (float v : sum.pixels()) max = Math.max(max, v);
        IndexColorModel lut = fire();
        ColorProcessor cp = new ColorProcessor(imageWidth, imageHeight);
        int[] px = (int[]) cp.getPixels();
        for (int i = 0; i < px.length; i++) {
            int v = (int) Math.min(255, Math.round(255 * Math.sqrt(sum.pixels()[i] / max)));
            px[i] = v == 0 ? 0 : lut.getRGB(v) & 0xffffff;
        }
        ImageRoi roi = new ImageRoi(0, 0, cp);
        roi.setZeroTransparent(true);
        roi.setOpacity(0.5);
        roi.setName(LAYER_NAME);
        return roi;
    }

    static LUT fire() {
        IndexColorModel cm = LutLoader.getLut("fire");
        return new LUT(cm, 0, 255);
    }
}
