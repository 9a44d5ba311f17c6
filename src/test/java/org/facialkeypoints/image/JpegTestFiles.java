package org.facialkeypoints.image;

import org.w3c.dom.Node;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.function.IntUnaryOperator;

/** JPEGs made for tests: test cards written with a chosen sampling, restart interval and coding, and edited files. */
public final class JpegTestFiles {

    private JpegTestFiles() {}

    /** A photograph-like test card: smooth shading, a few hard edges and fine noise, so every frequency occurs. */
    public static BufferedImage card(int w, int h, boolean gray) {
        BufferedImage img = new BufferedImage(w, h, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        Random rnd = new Random(w * 31L + h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (int) (120 + 80 * Math.sin(x / 9.0) + 10 * rnd.nextGaussian());
                int g = (int) (100 + 60 * Math.cos(y / 7.0) + (x > w / 2 ? 50 : 0));
                int b = (int) (60 + 100.0 * (x + y) / (w + h));
                r = Math.max(0, Math.min(255, r));
                g = Math.max(0, Math.min(255, g));
                b = Math.max(0, Math.min(255, b));
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    /** Writes a JPEG with the given luma sampling (chroma 1x1), restart interval (0: none) and coding. */
    public static byte[] jpeg(BufferedImage img, int hLuma, int vLuma, int restartInterval, boolean progressive) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            if (progressive) param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            IIOMetadata meta = writer.getDefaultImageMetadata(new ImageTypeSpecifier(img), param);
            if (!progressive) {
                String format = "javax_imageio_jpeg_image_1.0";
                IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
                IIOMetadataNode seq = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
                IIOMetadataNode sof = (IIOMetadataNode) seq.getElementsByTagName("sof").item(0);
                IIOMetadataNode first = (IIOMetadataNode) sof.getElementsByTagName("componentSpec").item(0);
                first.setAttribute("HsamplingFactor", Integer.toString(hLuma));
                first.setAttribute("VsamplingFactor", Integer.toString(vLuma));
                for (int i = 1; i < sof.getElementsByTagName("componentSpec").getLength(); i++) {
                    IIOMetadataNode c = (IIOMetadataNode) sof.getElementsByTagName("componentSpec").item(i);
                    c.setAttribute("HsamplingFactor", "1");
                    c.setAttribute("VsamplingFactor", "1");
                }
                if (restartInterval > 0) {
                    IIOMetadataNode dri = new IIOMetadataNode("dri");
                    dri.setAttribute("interval", Integer.toString(restartInterval));
                    Node sos = seq.getElementsByTagName("sos").item(0);
                    seq.insertBefore(dri, sos);
                }
                meta.setFromTree(format, root);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(img, null, meta), param);
            }
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }

    /** The file with every step of the luma quantization table (table 0, 8-bit) set by {@code step}. */
    public static byte[] withLumaSteps(byte[] jpeg, IntUnaryOperator step) {
        byte[] d = jpeg.clone();
        for (int p = 2; p + 4 <= d.length && (d[p] & 0xff) == 0xFF && (d[p + 1] & 0xff) != 0xDA; ) {
            int len = (d[p + 2] & 0xff) << 8 | (d[p + 3] & 0xff);
            if ((d[p + 1] & 0xff) == 0xDB) {
                for (int q = p + 4; q < p + 2 + len; ) {
                    int pq = (d[q] & 0xff) >> 4, tq = d[q] & 15;
                    if (pq == 0 && tq == 0) for (int k = 0; k < 64; k++) d[q + 1 + k] = (byte) Math.min(255, step.applyAsInt(d[q + 1 + k] & 0xff));
                    q += 1 + 64 * (pq + 1);
                }
            }
            p += 2 + len;
        }
        return d;
    }
}
