package org.facialkeypoints.image;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one place where ImageJ's pixel data becomes the core's {@link GrayImage}. ImageJ's pixel arrays are
 * wrapped as ImgLib2 images without copying; the only copy is the final one into the float image.
 *
 * <p>Intensities end on the 0..255 scale the models were trained on: 8-bit values as they are (inverted if the
 * image has an inverting LUT, so dark stays dark); RGB as ITU-R BT.601 luma (0.299 R + 0.587 G + 0.114 B); 16-bit
 * and 32-bit linearly from the image's display range (min to max), the same mapping ImageJ uses to show them and to
 * convert them to 8 bits. Spatial calibration never enters: coordinates are pixels.
 */
public final class ImageConversion {

    public static final double LUMA_R = 0.299, LUMA_G = 0.587, LUMA_B = 0.114;

    private ImageConversion() {}

    /** An ImgLib2 view on the processor's own pixel array; RGB is converted to luma on the fly. */
    public static RandomAccessibleInterval<? extends RealType<?>> wrap(ImageProcessor ip) {
        int w = ip.getWidth(), h = ip.getHeight();
        if (ip instanceof ByteProcessor) return ArrayImgs.unsignedBytes((byte[]) ip.getPixels(), w, h);
        if (ip instanceof ShortProcessor) return ArrayImgs.unsignedShorts((short[]) ip.getPixels(), w, h);
        if (ip instanceof FloatProcessor) return ArrayImgs.floats((float[]) ip.getPixels(), w, h);
        if (ip instanceof ColorProcessor) {
            return Converters.convert(ArrayImgs.argbs((int[]) ip.getPixels(), w, h), (ARGBType in, FloatType out) -> {
                int v = in.get();
                out.setReal(LUMA_R * ((v >> 16) & 0xff) + LUMA_G * ((v >> 8) & 0xff) + LUMA_B * (v & 0xff));
            }, new FloatType());
        }
        throw new IllegalArgumentException("unsupported image type: " + ip.getClass().getSimpleName());
    }

    /** The processor's intensities on the 0..255 scale, see the class comment. */
    public static GrayImage toGray(ImageProcessor ip) {
        int w = ip.getWidth(), h = ip.getHeight();
        double scale = 1, offset = 0;
        if (ip instanceof ShortProcessor || ip instanceof FloatProcessor) {
            double min = ip.getMin(), max = ip.getMax();
            if (!(max > min) || !Double.isFinite(min) || !Double.isFinite(max)) {
                ImageProcessor reset = ip.duplicate();
                reset.resetMinAndMax();
                min = reset.getMin();
                max = reset.getMax();
            }
            scale = max > min ? 255.0 / (max - min) : 0;
            offset = -min * scale;
        } else if (ip instanceof ByteProcessor && ip.isInvertedLut()) {
            scale = -1;
            offset = 255;
        }
        float[] out = new float[w * h];
        Cursor<? extends RealType<?>> c = Views.flatIterable(wrap(ip)).cursor();
        boolean clamp = scale != 1 || offset != 0;
        for (int i = 0; i < out.length; i++) {
            double v = c.next().getRealDouble() * scale + offset;
            if (clamp) v = v < 0 ? 0 : (v > 255 ? 255 : (Double.isNaN(v) ? 0 : v));
            out[i] = (float) v;
        }
        return new GrayImage(w, h, out);
    }

    /** Every slice of the image (all channels, z and t positions in stack order). */
    public static List<GrayImage> slices(ImagePlus imp) {
        List<GrayImage> result = new ArrayList<>(imp.getStackSize());
        for (int s = 1; s <= imp.getStackSize(); s++) result.add(slice(imp, s));
        return result;
    }

    /** One slice (1-based), with the display range the user set for the image. */
    public static GrayImage slice(ImagePlus imp, int n) {
        ImageStack stack = imp.getStack();
        if (n < 1 || n > stack.getSize()) throw new IllegalArgumentException("slice " + n + " of " + stack.getSize());
        ImageProcessor ip;
        if (stack.getSize() == 1) {
            ip = imp.getProcessor();
        } else {
            ip = stack.getProcessor(n);
            if (ip instanceof ShortProcessor || ip instanceof FloatProcessor) ip.setMinAndMax(imp.getDisplayRangeMin(), imp.getDisplayRangeMax());
        }
        return toGray(ip);
    }

    /** The separate images of a stack or hyperstack: z slices times frames; channels are colours of one image. */
    public static int positions(ImagePlus imp) {
        return imp.getNSlices() * imp.getNFrames();
    }

    /** The position (1-based, z before t) a selection is on, 0 where it names none. */
    public static int positionOf(Roi roi, ImagePlus imp) {
        if (roi.hasHyperStackPosition()) return (roi.getTPosition() - 1) * imp.getNSlices() + Math.max(1, roi.getZPosition());
        if (roi.getPosition() <= 0 || imp.getNChannels() > 1) return 0;
        int[] czt = imp.convertIndexToPosition(roi.getPosition());
        return (czt[2] - 1) * imp.getNSlices() + czt[1];
    }

    /** The position (1-based, z before t) the image shows now. */
    public static int currentPosition(ImagePlus imp) {
        return (imp.getFrame() - 1) * imp.getNSlices() + imp.getSlice();
    }

    /**
     * One position (1-based, z before t) as one gray image: a single channel as {@link #slice} gives it; three
     * channels (how SCIFIO opens an RGB photo) as the BT.601 luma of red, green and blue; any other count as the
     * channels' mean. Each channel is read in its own display range.
     */
    public static GrayImage position(ImagePlus imp, int p) {
        int channels = imp.getNChannels(), slices = imp.getNSlices();
        if (p < 1 || p > positions(imp)) throw new IllegalArgumentException("position " + p + " of " + positions(imp));
        int z = (p - 1) % slices + 1, t = (p - 1) / slices + 1;
        if (channels == 1) return slice(imp, imp.getStackIndex(1, z, t));
        double[] weights = new double[channels];
        if (channels == 3) weights = new double[] {LUMA_R, LUMA_G, LUMA_B};
        else Arrays.fill(weights, 1.0 / channels);
        float[] sum = null;
        for (int c = 1; c <= channels; c++) {
            ImageProcessor ip = imp.getStack().getProcessor(imp.getStackIndex(c, z, t));
            if (imp instanceof CompositeImage ci && !(ip instanceof ByteProcessor)) {
                ip.setMinAndMax(ci.getChannelLut(c).min, ci.getChannelLut(c).max);
            }
            float[] g = toGray(ip).pixels();
            if (sum == null) sum = new float[g.length];
            for (int i = 0; i < g.length; i++) sum[i] += (float) (weights[c - 1] * g[i]);
        }
        return new GrayImage(imp.getWidth(), imp.getHeight(), sum);
    }

    /** A float processor sharing the image's pixels. */
    public static FloatProcessor toProcessor(GrayImage image) {
        return new FloatProcessor(image.width(), image.height(), image.pixels());
    }
}
