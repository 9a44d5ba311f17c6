package org.facialkeypoints.fiji;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.gui.ImageRoi;
import ij.plugin.LutLoader;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.LUT;
import org.facialkeypoints.detect.HeatmapResult;
import org.facialkeypoints.geometry.Affine2D;
import org.facialkeypoints.geometry.PixelBounds;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.image.Resampling;
import org.facialkeypoints.landmarks.LandmarkSet;

import java.awt.Rectangle;
import java.awt.image.IndexColorModel;

/**
 * Heatmaps the way ImageJ shows them: per face a stack with one slice per landmark (named after it, with the Fire
 * LUT) covering only that face's crop window, and the sum of its maps as a semi-transparent layer of the image's
 * overlay, placed over the window. A 24-megapixel photo's maps at the whole image's size would take over 5 GB per
 * face (58 float slices of 6000x4000); on the window they take the face's share of that. The stack keeps its offset
 * in the image as its calibration origin and as the property {@value #OFFSET_PROPERTY} ("x,y").
 */
public final class HeatmapDisplay {

    public static final String LAYER_NAME = "keypoint heatmaps";
    public static final String OFFSET_PROPERTY = "keypoints.offset";

    private HeatmapDisplay() {}

    /** The image pixels the maps cover: the crop window's bounds, clipped to the image. */
    public static Rectangle bounds(HeatmapResult h, int imageWidth, int imageHeight) {
        PixelBounds b = PixelBounds.of(h.mapToOriginal(), -0.5, -0.5, h.width() - 0.5, h.height() - 0.5,
                imageWidth, imageHeight);
        return new Rectangle(b.x0(), b.y0(), Math.max(1, b.width()), Math.max(1, b.height()));
    }

    /** The maps resampled onto the image's pixel grid inside {@link #bounds}, one slice per landmark. */
    public static ImagePlus stack(HeatmapResult h, LandmarkSet set, int imageWidth, int imageHeight, String title) {
        Rectangle r = bounds(h, imageWidth, imageHeight);
        ImageStack st = new ImageStack(r.width, r.height);
        Affine2D cropToMap = cropToMap(h, r);
        for (int p = 0; p < h.points(); p++) {
            GrayImage g = Resampling.warp(new GrayImage(h.width(), h.height(), h.map(p)), cropToMap, r.width, r.height, 0);
            st.addSlice(set.name(p), new FloatProcessor(r.width, r.height, g.pixels()));
        }
        ImagePlus imp = new ImagePlus(title + " at (" + r.x + ", " + r.y + ")", st);
        Calibration cal = imp.getCalibration();
        cal.xOrigin = -r.x;
        cal.yOrigin = -r.y;
        imp.setProp(OFFSET_PROPERTY, r.x + "," + r.y);
        imp.setLut(fire());
        imp.resetDisplayRange();
        return imp;
    }

    /** The summed maps as a coloured, half-transparent image layer over the face's window. */
    public static ImageRoi layer(HeatmapResult h, int imageWidth, int imageHeight) {
        Rectangle r = bounds(h, imageWidth, imageHeight);
        GrayImage sum = Resampling.warp(new GrayImage(h.width(), h.height(), h.sum()), cropToMap(h, r), r.width, r.height, 0);
        float max = 1e-12f;
        for (float v : sum.pixels()) max = Math.max(max, v);
        IndexColorModel lut = fire();
        ColorProcessor cp = new ColorProcessor(r.width, r.height);
        int[] px = (int[]) cp.getPixels();
        for (int i = 0; i < px.length; i++) {
            int v = (int) Math.min(255, Math.round(255 * Math.sqrt(sum.pixels()[i] / max)));
            px[i] = v == 0 ? 0 : lut.getRGB(v) & 0xffffff;
        }
        ImageRoi roi = new ImageRoi(r.x, r.y, cp);
        roi.setZeroTransparent(true);
        roi.setOpacity(0.5);
        roi.setName(LAYER_NAME);
        return roi;
    }

    /** From a pixel of the window's rectangle to heatmap coordinates. */
    private static Affine2D cropToMap(HeatmapResult h, Rectangle r) {
        return Affine2D.translation(r.x, r.y).then(h.mapToOriginal().inverse());
    }

    static LUT fire() {
        IndexColorModel cm = LutLoader.getLut("fire");
        return new LUT(cm, 0, 255);
    }
}
