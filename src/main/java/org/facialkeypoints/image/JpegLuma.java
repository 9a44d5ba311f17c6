package org.facialkeypoints.image;

import java.util.Arrays;

/**
 * Decodes only the brightness (luma) of a baseline JPEG, at full size or straight at 1/2, 1/4 or 1/8 of it. A
 * whole-image model sees a 640x480 face at 160x120; decoding all three colour planes at full size, converting them
 * to gray and averaging that down took about 4.5 ms of one core per IMM face, this took about 1.3 ms, and since it
 * clips blocks that overshoot 0..255 before averaging them about twice that (docs/BENCHMARKS.md), which is what lets detection over a folder keep up with the network. Each reduced pixel is
 * the exact mean of the r x r block of the full-size luma it stands for, computed from the DCT coefficients:
 * averaging is linear, so the mean of a cosine basis function over a block is a constant, and each coefficient adds
 * a fixed share to each reduced pixel instead of going through a full inverse DCT. The result equals the full
 * decode's gray (0.299 R + 0.587 G + 0.114 B, which is the luma) shrunk by area averaging, up to the full decode's
 * rounding (measured over the 240 IMM faces: 0.11 gray levels on average at a quarter, 1.0 at most). At full size,
 * for models that crop the face from the whole photo and so need every pixel but not the two colour planes, the luma
 * blocks go through a fast inverse DCT ({@link InverseDct}) instead: 2.0-2.6 ms per IMM face against 4.2-4.8 ms for
 * the full decode and conversion to gray (measured alternately in one run), 0.29 gray levels from it on average (the
 * full decode rounds and clips each colour; the largest difference over the 240 faces, 6.1, is in saturated colour).
 *
 * <p>Only what this needs is supported: 8-bit Huffman-coded sequential JPEGs (baseline and extended), gray or
 * YCbCr, any sampling in which luma has the full resolution, restart markers, interleaved or separate scans.
 * Everything else (progressive, arithmetic coding, 12-bit, RGB or CMYK JPEGs) and every damaged file is refused
 * with {@link Unsupported}, so that the caller falls back to a full decoder that knows how to read or describe
 * it. The parser trusts nothing in the file: every length and index is checked, and no allocation exceeds what
 * the declared size allows after that size was checked against {@link ImageFiles#MAX_PIXELS}.
 */
public final class JpegLuma {

    /** This decoder cannot read the file (not a kind it supports, or damaged); a full decoder should try. */
    public static final class Unsupported extends Exception {
        private final boolean damage;

        Unsupported(String message) { this(message, false); }

        Unsupported(String message, boolean damage) {
            super(message, null, false, false);
            this.damage = damage;
        }

        /** The file is damaged (as opposed to of a kind this decoder does not read). */
        public boolean damage() { return damage; }
    }

    /** The luma at 1/factor of the original resolution, and the original size. */
    public record Reduced(GrayImage pixels, int factor, int width, int height) {}

    private static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
        28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
        54, 47, 55, 62, 63};

    private JpegLuma() {}

    /**
     * The largest factor among 1, 2, 4 and 8 that divides both sides and shrinks no further than {@code maxFactor}
     * allows.
     */
    public static int factorFor(int width, int height, double maxFactor) {
        for (int f = 8; f > 1; f /= 2) if (f <= maxFactor + 1e-9 && width % f == 0 && height % f == 0) return f;
        return 1;
    }

    /** Width and height from the frame header, or null where the data are not a JPEG this class can decode. */
    public static int[] frameSize(byte[] jpeg) {
        try {
            Parser p = new Parser(jpeg, 0);
            p.readUntilFrame();
            return new int[] {p.width, p.height};
        } catch (Unsupported | RuntimeException e) {
            return null;
        }
    }

    /** Decodes the luma at 1/factor (1, 2, 4 or 8) of the image's size. */
    public static Reduced decode(byte[] jpeg, int factor) throws Unsupported {
        if (factor != 1 && factor != 2 && factor != 4 && factor != 8) throw new IllegalArgumentException("factor must be 1, 2, 4 or 8: " + factor);
        try {
            return new Parser(jpeg, factor).run();
        } catch (RuntimeException e) {
            // Index and arithmetic checks of a damaged file end up here; none of them may escape as a crash.
            throw new Unsupported("damaged JPEG data (" + e + ")", true);
        }
    }

    /** Reads the image size from the frame header, or throws where there is none a baseline decoder could use. */
    private static final class Parser {
        private final byte[] d;
        private final int factor, n;
        private int pos;
        private final int[][] quant = new int[4][];
        private final Huffman[] dcTables = new Huffman[4], acTables = new Huffman[4];
        private int width, height, restartInterval, adobeTransform = -1;
        private boolean jfif;
        private Component[] components;
        private int hMax, vMax;
        private float[] out;
        private int outW, outH;
        private boolean lumaDone;
        /** Per natural coefficient position, its weight in each reduced pixel of the block (see {@link #weights}). */
        private final float[][] weights;

        /** factor 0: read the header only. */
        Parser(byte[] data, int factor) {
            this.d = data;
            this.factor = factor;
            this.n = factor == 0 ? 0 : 8 / factor;
            this.weights = factor == 0 || factor == 1 ? null : weights(factor);
        }

        void readUntilFrame() throws Unsupported {
            readMarkers(() -> components != null);
        }

        Reduced run() throws Unsupported {
            readMarkers(() -> lumaDone);
            GrayImage img = new GrayImage(outW, outH, out);
            return new Reduced(img, factor, width, height);
        }

        private void readMarkers(java.util.function.BooleanSupplier done) throws Unsupported {
            if (d.length < 4 || u8(0) != 0xFF || u8(1) != 0xD8) throw new Unsupported("not a JPEG file (no start-of-image marker)");
            pos = 2;
            int markers = 0;
            while (!done.getAsBoolean()) {
                if (++markers > 10_000) throw new Unsupported("too many markers");
                int marker = nextMarker();
                switch (marker) {
                    case 0xC0, 0xC1 -> readFrame();
                    case 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF ->
                            throw new Unsupported("not a sequential Huffman JPEG (SOF" + (marker - 0xC0) + ")");
                    case 0xC4 -> readHuffmanTables();
                    case 0xDB -> readQuantTables();
                    case 0xDD -> readRestartInterval();
                    case 0xDA -> readScan();
                    case 0xD9 -> throw new Unsupported("end of image before the luma was complete");
                    case 0xE0 -> readApp0();
                    case 0xEE -> readApp14();
                    default -> {
                        if (marker >= 0xD0 && marker <= 0xD7 || marker == 0x01) continue; // stray, no length
                        skipSegment();
                    }
                }
            }
        }

        private int nextMarker() throws Unsupported {
            // Fill bytes (0xFF) may precede a marker; anything else between segments is damage.
            if (pos >= d.length || u8(pos) != 0xFF) throw new Unsupported("expected a marker at byte " + pos);
            while (pos < d.length && u8(pos) == 0xFF) pos++;
            if (pos >= d.length) throw new Unsupported("file ends inside a marker");
            return u8(pos++);
        }

        private int segmentLength() throws Unsupported {
            if (pos + 2 > d.length) throw new Unsupported("file ends inside a segment header");
            int len = u16(pos);
            if (len < 2 || pos + len > d.length) throw new Unsupported("segment length " + len + " at byte " + pos + " runs past the file");
            return len;
        }

        private void skipSegment() throws Unsupported {
            pos += segmentLength();
        }

        private void readApp0() throws Unsupported {
            int len = segmentLength();
            if (len >= 7 && u8(pos + 2) == 'J' && u8(pos + 3) == 'F' && u8(pos + 4) == 'I' && u8(pos + 5) == 'F' && u8(pos + 6) == 0) jfif = true;
            pos += len;
        }

        private void readApp14() throws Unsupported {
            int len = segmentLength();
            if (len >= 14 && u8(pos + 2) == 'A' && u8(pos + 3) == 'd' && u8(pos + 4) == 'o' && u8(pos + 5) == 'b' && u8(pos + 6) == 'e') {
                adobeTransform = u8(pos + 13);
            }
            pos += len;
        }

        private void readRestartInterval() throws Unsupported {
            int len = segmentLength();
            if (len != 4) throw new Unsupported("restart interval segment of length " + len);
            restartInterval = u16(pos + 2);
            pos += len;
        }

        private void readQuantTables() throws Unsupported {
            int len = segmentLength(), end = pos + len;
            int p = pos + 2;
            while (p < end) {
                int pq = u8(p) >> 4, tq = u8(p) & 15;
                p++;
                if (tq > 3 || pq > 1) throw new Unsupported("bad quantization table header");
                if (p + 64 * (pq + 1) > end) throw new Unsupported("quantization table runs past its segment");
                int[] q = new int[64];
                for (int k = 0; k < 64; k++) {
                    q[k] = pq == 0 ? u8(p) : u16(p);
                    p += pq + 1;
                }
                quant[tq] = q; // zig-zag order, as the coefficients arrive
            }
            pos = end;
        }

        private void readHuffmanTables() throws Unsupported {
            int len = segmentLength(), end = pos + len;
            int p = pos + 2;
            while (p < end) {
                int tc = u8(p) >> 4, th = u8(p) & 15;
                p++;
                if (tc > 1 || th > 3) throw new Unsupported("bad Huffman table header");
                if (p + 16 > end) throw new Unsupported("Huffman table runs past its segment");
                int[] counts = new int[17];
                int total = 0;
                for (int l = 1; l <= 16; l++) total += counts[l] = u8(p + l - 1);
                p += 16;
                if (total > 256 || p + total > end) throw new Unsupported("Huffman table with " + total + " codes runs past its segment");
                int[] symbols = new int[total];
                for (int i = 0; i < total; i++) symbols[i] = u8(p + i);
                p += total;
                Huffman h = new Huffman(counts, symbols);
                if (tc == 0) dcTables[th] = h;
                else acTables[th] = h;
            }
            pos = end;
        }

        private void readFrame() throws Unsupported {
            if (components != null) throw new Unsupported("second frame header");
            int len = segmentLength();
            if (len < 8) throw new Unsupported("short frame header");
            int precision = u8(pos + 2);
            height = u16(pos + 3);
            width = u16(pos + 5);
            int nc = u8(pos + 7);
            if (precision != 8) throw new Unsupported(precision + "-bit samples");
            if (height == 0) throw new Unsupported("height given by a later marker (DNL)");
            if (width == 0) throw new Unsupported("zero width");
            if (nc != 1 && nc != 3) throw new Unsupported(nc + " colour components");
            if (len != 8 + 3 * nc) throw new Unsupported("frame header length " + len + " for " + nc + " components");
            if ((long) width * height > ImageFiles.MAX_PIXELS || width > ImageFiles.MAX_SIDE || height > ImageFiles.MAX_SIDE) {
                throw new Unsupported("image too large: " + width + "x" + height);
            }
            // Every block takes at least two bits (a DC code and an end-of-block code): a header that declares far
            // more blocks than the file could hold is a decompression bomb or damage, not an image.
            if ((long) ceilDiv(width, 8) * ceilDiv(height, 8) > 4L * d.length) throw new Unsupported(width + "x" + height + " cannot fit in " + d.length + " bytes");
            components = new Component[nc];
            for (int i = 0; i < nc; i++) {
                int b = pos + 8 + 3 * i;
                Component c = new Component(u8(b), u8(b + 1) >> 4, u8(b + 1) & 15, u8(b + 2));
                if (c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4 || c.tq > 3) throw new Unsupported("bad sampling factors or table");
                components[i] = c;
                hMax = Math.max(hMax, c.h);
                vMax = Math.max(vMax, c.v);
            }
            if (nc == 3) {
                boolean rgbIds = components[0].id == 'R' && components[1].id == 'G' && components[2].id == 'B';
                boolean ycc = adobeTransform >= 0 ? adobeTransform != 0 : jfif || !rgbIds;
                if (!ycc) throw new Unsupported("RGB JPEG (no luma plane)");
                if (components[0].h != hMax || components[0].v != vMax) throw new Unsupported("luma sampled below full resolution");
            }
            pos += len;
            if (factor == 0) return;
            if (width % factor != 0 || height % factor != 0) throw new Unsupported(width + "x" + height + " is not divisible by " + factor);
            outW = width / factor;
            outH = height / factor;
            out = new float[outW * outH];
        }

        private void readScan() throws Unsupported {
            if (components == null) throw new Unsupported("scan before frame header");
            int len = segmentLength();
            int ns = u8(pos + 2);
            if (ns < 1 || ns > components.length || len != 6 + 2 * ns) throw new Unsupported("bad scan header");
            Component[] scan = new Component[ns];
            boolean hasLuma = false;
            for (int i = 0; i < ns; i++) {
                int id = u8(pos + 3 + 2 * i), tables = u8(pos + 4 + 2 * i);
                Component c = null;
                for (Component k : components) if (k.id == id) c = k;
                if (c == null) throw new Unsupported("scan names an unknown component");
                for (int j = 0; j < i; j++) if (scan[j] == c) throw new Unsupported("component twice in one scan");
                int td = tables >> 4, ta = tables & 15;
                if (td > 3 || ta > 3) throw new Unsupported("bad table selector");
                c.dc = dcTables[td];
                c.ac = acTables[ta];
                if (c.dc == null || c.ac == null) throw new Unsupported("scan uses a Huffman table that was not defined");
                if (quant[c.tq] == null && c == components[0]) throw new Unsupported("luma uses a quantization table that was not defined");
                scan[i] = c;
                hasLuma |= c == components[0];
            }
            int ss = u8(pos + 3 + 2 * ns), se = u8(pos + 4 + 2 * ns), ahal = u8(pos + 5 + 2 * ns);
            if (ss != 0 || se != 63 || ahal != 0) throw new Unsupported("not a sequential scan");
            if (ns > 1) {
                int blocks = 0;
                for (Component c : scan) blocks += c.h * c.v;
                if (blocks > 10) throw new Unsupported("more than 10 blocks per MCU");
            }
            pos += len;
            if (hasLuma) {
                if (lumaDone) throw new Unsupported("luma coded twice");
                decodeScan(scan);
                lumaDone = true;
            } else {
                skipEntropyData();
            }
        }

        /** Moves past entropy-coded data to the next marker that is not a restart marker. */
        private void skipEntropyData() throws Unsupported {
            while (pos + 1 < d.length) {
                if (u8(pos) == 0xFF) {
                    int m = u8(pos + 1);
                    if (m != 0 && m != 0xFF && (m < 0xD0 || m > 0xD7)) return;
                }
                pos++;
            }
            throw new Unsupported("file ends inside a scan");
        }

        private void decodeScan(Component[] scan) throws Unsupported {
            Component luma = components[0];
            Bits bits = new Bits(d, pos);
            int mcusX, mcusY;
            boolean single = scan.length == 1;
            if (single) {
                // A lone component's blocks are not padded to whole MCUs of the frame.
                Component c = scan[0];
                int cw = ceilDiv(width * c.h, hMax), ch = ceilDiv(height * c.v, vMax);
                mcusX = ceilDiv(cw, 8);
                mcusY = ceilDiv(ch, 8);
            } else {
                mcusX = ceilDiv(width, 8 * hMax);
                mcusY = ceilDiv(height, 8 * vMax);
            }
            int[] q = quant[luma.tq];
            // Weights per zig-zag position with the quantization step folded in: one multiply per coefficient.
            float[][] wq = new float[64][];
            for (int k = 0; k < 64 && weights != null; k++) {
                float[] w = weights[ZIGZAG[k]];
                wq[k] = new float[w.length];
                for (int i = 0; i < w.length; i++) wq[k][i] = w[i] * q[k];
            }
            // At full size: the dequantized coefficients with the inverse DCT's own factors, per zig-zag position.
            float[] scale = new float[64];
            for (int k = 0; k < 64; k++) scale[k] = InverseDct.scale(ZIGZAG[k] / 8, ZIGZAG[k] % 8, q[k]);
            float[] acc = new float[n * n];
            // Reduced sizes: the block's coefficients as well, for the inverse DCT of a block that the full decode clips.
            float[] coef = new float[64];
            int[] pred = new int[scan.length];
            int left = restartInterval;
            int expectedRst = 0;
            for (int my = 0; my < mcusY; my++) {
                for (int mx = 0; mx < mcusX; mx++) {
                    if (restartInterval > 0) {
                        if (left == 0) {
                            bits.restart(expectedRst);
                            expectedRst = (expectedRst + 1) & 7;
                            Arrays.fill(pred, 0);
                            left = restartInterval;
                        }
                        left--;
                    }
                    for (int s = 0; s < scan.length; s++) {
                        Component c = scan[s];
                        int bh = single ? 1 : c.h, bv = single ? 1 : c.v;
                        for (int v = 0; v < bv; v++) {
                            for (int h = 0; h < bh; h++) {
                                int dcDiff = bits.decodeDc(c.dc);
                                pred[s] += dcDiff;
                                if (c == luma) {
                                    int bx = single ? mx : mx * c.h + h, by = single ? my : my * c.v + v;
                                    if (n != 8) {
                                        // The exact mean of the block's samples is the DC term; a reduced pixel is the
                                        // mean of its share of the block. Where the samples might leave 0..255, the
                                        // full decode clips them before anyone averages, so this does too.
                                        float mean = pred[s] * q[0] / 8f + 128f;
                                        if (n > 1) Arrays.fill(acc, pred[s] * wq[0][0]);
                                        float reach = bits.decodeAcReduced(c.ac, n > 1 ? wq : null, acc, scale, q, coef);
                                        if (mean - reach < 0 || mean + reach > 255) {
                                            coef[0] = pred[s] * scale[0];
                                            InverseDct.transform(coef);
                                            clippedMeans(coef, acc, n);
                                            Arrays.fill(coef, 0f);
                                            putBlock(bx, by, acc);
                                        } else {
                                            bits.clearTouched(coef);
                                            if (n == 1) putDc(bx, by, pred[s] * q[0]);
                                            else putBlock(bx, by, acc);
                                        }
                                    } else if (n == 8) {
                                        Arrays.fill(acc, 0f);
                                        acc[0] = pred[s] * scale[0];
                                        bits.decodeAc(c.ac, null, scale, acc);
                                        InverseDct.transform(acc);
                                        putBlock(bx, by, acc);
                                    }
                                } else {
                                    bits.decodeAc(c.ac, null, null);
                                }
                            }
                        }
                    }
                }
            }
            bits.checkNoPaddingUsed();
            pos = bits.position();
        }

        /**
         * A sample outside 0..255 clipped, as every decoder clips it, where it is near enough the range for every
         * decoder to do so. Farther out, libjpeg (ImageIO's and ImageJ's decoder) no longer clips but wraps around
         * (its range-limit table holds -384..639); no encoder writes such blocks, so the file is damaged, and handed
         * to the full decoder, whose output then is what every path sees.
         */
        private static float clip(float v) throws Unsupported {
            if (v < -256 || v > 511) throw new Unsupported("a block decodes to " + v + ", beyond what any encoder writes", true);
            return v < 0 ? 0 : 255;
        }

        /** The mean of each (8 / n)-square of the 64 samples (before the +128 shift), each sample clipped to 0..255 first. */
        private static void clippedMeans(float[] samples, float[] acc, int n) throws Unsupported {
            int f = 8 / n;
            Arrays.fill(acc, 0f);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    float v = samples[8 * y + x] + 128f;
                    acc[(y / f) * n + x / f] += v < 0 || v > 255 ? clip(v) : v;
                }
            }
            float inv = 1f / (f * f);
            for (int i = 0; i < acc.length; i++) acc[i] = acc[i] * inv - 128f;
        }

        private void putDc(int bx, int by, int dc) {
            if (bx >= outW || by >= outH) return;
            // The mean of an 8x8 block is its DC coefficient / 8, around 128.
            float v = dc / 8f + 128f;
            out[by * outW + bx] = v < 0 ? 0 : (v > 255 ? 255 : v);
        }

        private void putBlock(int bx, int by, float[] acc) throws Unsupported {
            int x0 = bx * n, y0 = by * n;
            if (x0 >= outW || y0 >= outH) return;
            for (int i = 0; i < n && y0 + i < outH; i++) {
                int row = (y0 + i) * outW;
                for (int j = 0; j < n && x0 + j < outW; j++) {
                    float v = acc[i * n + j] + 128f;
                    if (v < 0 || v > 255) v = clip(v);
                    out[row + x0 + j] = v;
                }
            }
        }

        private int u8(int p) { return d[p] & 0xff; }

        private int u16(int p) { return (d[p] & 0xff) << 8 | (d[p + 1] & 0xff); }
    }

    /**
     * weights[8u + v][n i + j]: how much coefficient (u, v) (vertical, horizontal frequency) adds to reduced pixel
     * (i, j) of an n x n block, n = 8 / factor. That is the product of the two axes' averaged basis functions, where
     * one axis is the mean over the factor samples x of reduced position i of c(u)/2 cos((2x+1) u pi / 16), c(0) =
     * 1/sqrt 2.
     */
    static float[][] weights(int factor) {
        int n = 8 / factor;
        double[][] axis = new double[n][8];
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < 8; u++) {
                double cu = u == 0 ? Math.sqrt(0.5) : 1;
                double acc = 0;
                for (int x = i * factor; x < (i + 1) * factor; x++) acc += cu / 2 * Math.cos((2 * x + 1) * u * Math.PI / 16);
                axis[i][u] = Math.abs(acc) < 1e-9 ? 0 : acc / factor;
            }
        }
        float[][] w = new float[64][];
        for (int u = 0; u < 8; u++) {
            for (int v = 0; v < 8; v++) {
                float[] cell = new float[n * n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        cell[i * n + j] = (float) (axis[i][u] * axis[j][v]);
                    }
                }
                w[8 * u + v] = cell;
            }
        }
        return w;
    }

    private static int ceilDiv(int a, int b) { return (a + b - 1) / b; }

    private static final class Component {
        final int id, h, v, tq;
        Huffman dc, ac;

        Component(int id, int h, int v, int tq) {
            this.id = id;
            this.h = h;
            this.v = v;
            this.tq = tq;
        }
    }

    /** A Huffman table with a 9-bit lookup for the common short codes and the canonical slow path for the rest. */
    static final class Huffman {
        static final int FAST_BITS = 11;
        /** (length << 8 | symbol) for codes of at most FAST_BITS bits, indexed by the next FAST_BITS bits; 0 if longer. */
        final int[] fast = new int[1 << FAST_BITS];
        final int[] maxCode = new int[18];
        final int[] valOffset = new int[17];
        final int[] symbols;
        /**
         * For AC tables: where the code and its value bits together fit in FAST_BITS, the whole coefficient at once,
         * (value << 16 | run << 8 | bits used); 0 otherwise. Most coefficients of a photograph are decoded this way.
         */
        final int[] fastAc = new int[1 << FAST_BITS];

        Huffman(int[] counts, int[] symbols) throws Unsupported {
            this.symbols = symbols;
            int code = 0, k = 0;
            for (int len = 1; len <= 16; len++) {
                valOffset[len] = k - code;
                for (int i = 0; i < counts[len]; i++) {
                    if (len <= FAST_BITS) {
                        int shift = FAST_BITS - len;
                        for (int j = 0; j < 1 << shift; j++) fast[(code << shift) | j] = len << 8 | symbols[k];
                    }
                    code++;
                    k++;
                }
                if (code > 1 << len) throw new Unsupported("Huffman table with more codes than fit their lengths");
                maxCode[len] = counts[len] == 0 ? -1 : code - 1;
                code <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
            for (int i = 0; i < fast.length; i++) {
                int e = fast[i];
                if (e == 0) continue;
                int len = e >> 8, rs = e & 0xff, run = rs >> 4, s = rs & 15;
                if (s == 0 || len + s > FAST_BITS) continue;
                int v = (i >> (FAST_BITS - len - s)) & ((1 << s) - 1);
                if (v < 1 << (s - 1)) v -= (1 << s) - 1;
                fastAc[i] = v << 16 | run << 8 | (len + s);
            }
        }
    }

    /** Reads the entropy-coded bits: 0xFF 0x00 stands for 0xFF, and a marker ends the data (zeros after it). */
    static final class Bits {
        private static final java.lang.invoke.VarHandle BIG_ENDIAN_INT =
                java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.BIG_ENDIAN);
        private final byte[] d;
        private int pos;
        private long buf;
        private int count;
        /** Zero bits appended after a marker or the file's end; reading into them means the data were cut short. */
        private int padding;
        private boolean atMarker;

        Bits(byte[] d, int pos) {
            this.d = d;
            this.pos = pos;
        }

        int position() { return pos; }

        private void fill() {
            // Four bytes at a time while none of them is 0xFF (stuffing or a marker), which is nearly always.
            while (count <= 32 && !atMarker && pos + 4 <= d.length) {
                int w = (int) BIG_ENDIAN_INT.get(d, pos);
                int x = ~w;
                if (((x - 0x01010101) & ~x & 0x80808080) != 0) break;
                buf |= (w & 0xFFFFFFFFL) << (32 - count);
                count += 32;
                pos += 4;
            }
            while (count <= 56) {
                int b = 0;
                if (!atMarker && pos < d.length) {
                    b = d[pos] & 0xff;
                    if (b == 0xFF) {
                        int next = pos + 1 < d.length ? d[pos + 1] & 0xff : -1;
                        if (next == 0) {
                            pos += 2;
                        } else {
                            atMarker = true;
                            b = 0;
                            padding += 8;
                        }
                    } else {
                        pos++;
                    }
                } else {
                    padding += 8;
                }
                buf |= (long) b << (56 - count);
                count += 8;
            }
        }

        private void consume(int k) {
            buf <<= k;
            count -= k;
        }

        int decodeSymbol(Huffman h) throws Unsupported {
            if (count < 32) fill();
            int e = h.fast[(int) (buf >>> (64 - Huffman.FAST_BITS))];
            if (e != 0) {
                consume(e >> 8);
                return e & 0xff;
            }
            int len = Huffman.FAST_BITS + 1;
            int code = (int) (buf >>> (64 - len));
            while (code > h.maxCode[len]) {
                len++;
                if (len > 16) throw new Unsupported("invalid Huffman code");
                code = (int) (buf >>> (64 - len));
            }
            consume(len);
            int idx = code + h.valOffset[len];
            if (idx < 0 || idx >= h.symbols.length) throw new Unsupported("invalid Huffman code");
            return h.symbols[idx];
        }

        private int receiveExtend(int s) {
            if (s == 0) return 0;
            if (count < 32) fill();
            int v = (int) (buf >>> (64 - s));
            consume(s);
            // Branch-free sign extension: values below half the range are negative (the sign is random, so a branch
            // here is mispredicted half the time).
            return v + (((v - (1 << (s - 1))) >> 31) & ((-1 << s) + 1));
        }

        int decodeDc(Huffman h) throws Unsupported {
            int s = decodeSymbol(h);
            if (s > 11) throw new Unsupported("DC difference of " + s + " bits");
            return receiveExtend(s);
        }

        /**
         * Adds each AC coefficient's share to the reduced block: acc[m] += coded value * weights[k][m] for the
         * coefficient at zig-zag position k (weights with the quantization step folded in). With acc null the
         * coefficients are only read past (chroma, and luma at an eighth, where only the DC coefficient counts).
         * At full size weights is null and acc receives the coefficients themselves, times scale[k], at their
         * natural positions, for the inverse DCT.
         */
        void decodeAc(Huffman h, float[][] weights, float[] acc) throws Unsupported {
            decodeAc(h, weights, null, acc);
        }

        void decodeAc(Huffman h, float[][] weights, float[] scale, float[] acc) throws Unsupported {
            for (int k = 1; k < 64; ) {
                if (count < 32) fill();
                int fa = h.fastAc[(int) (buf >>> (64 - Huffman.FAST_BITS))];
                if (fa != 0) {
                    consume(fa & 0xff);
                    k += (fa >> 8) & 0xff;
                    if (k > 63) throw new Unsupported("AC coefficients past the end of a block");
                    if (acc != null) put(acc, weights, scale, k, fa >> 16);
                    k++;
                    continue;
                }
                int rs = decodeSymbol(h);
                int r = rs >> 4, s = rs & 15;
                if (s == 0) {
                    if (r != 15) return;
                    k += 16;
                    continue;
                }
                k += r;
                if (k > 63) throw new Unsupported("AC coefficients past the end of a block");
                if (acc != null) {
                    put(acc, weights, scale, k, receiveExtend(s));
                } else {
                    if (count < 32) fill();
                    consume(s);
                }
                k++;
            }
        }

        /** Natural positions written into the coefficient buffer by the last {@link #decodeAcReduced}. */
        private final int[] touched = new int[64];
        private int touchedCount;

        /**
         * For reduced sizes: adds each AC coefficient's share to acc as {@link #decodeAc} does (weights null: factor 8,
         * where only the DC counts), keeps the coefficient itself (times scale, at its natural position) in coef for
         * an inverse DCT, and returns how far any of the block's 64 samples can be from the block's mean: no basis
         * function of the DCT exceeds 1/4 in magnitude, so at most the sum of |coefficient x step| / 4.
         */
        float decodeAcReduced(Huffman h, float[][] weights, float[] acc, float[] scale, int[] q, float[] coef) throws Unsupported {
            float reach = 0;
            touchedCount = 0;
            for (int k = 1; k < 64; ) {
                if (count < 32) fill();
                int fa = h.fastAc[(int) (buf >>> (64 - Huffman.FAST_BITS))];
                int value;
                if (fa != 0) {
                    consume(fa & 0xff);
                    k += (fa >> 8) & 0xff;
                    value = fa >> 16;
                } else {
                    int rs = decodeSymbol(h);
                    int r = rs >> 4, sz = rs & 15;
                    if (sz == 0) {
                        if (r != 15) break;
                        k += 16;
                        continue;
                    }
                    k += r;
                    value = receiveExtend(sz);
                }
                if (k > 63) throw new Unsupported("AC coefficients past the end of a block");
                if (weights != null) add(acc, weights[k], value);
                int z = ZIGZAG[k];
                coef[z] = value * scale[k];
                touched[touchedCount++] = z;
                reach += Math.abs(value) * q[k];
                k++;
            }
            return reach / 4;
        }

        /** Zeroes what the last {@link #decodeAcReduced} wrote into coef. */
        void clearTouched(float[] coef) {
            for (int i = 0; i < touchedCount; i++) coef[touched[i]] = 0f;
        }

        private static void put(float[] acc, float[][] weights, float[] scale, int k, int value) {
            if (weights != null) add(acc, weights[k], value);
            else acc[ZIGZAG[k]] = value * scale[k];
        }

        private static void add(float[] acc, float[] w, float c) {
            if (acc.length == 4) {
                // A quarter of the size (the common case): unrolled.
                acc[0] += c * w[0];
                acc[1] += c * w[1];
                acc[2] += c * w[2];
                acc[3] += c * w[3];
            } else {
                for (int i = 0; i < acc.length; i++) acc[i] += c * w[i];
            }
        }

        /** Byte-aligns and reads restart marker RSTn, as every restart interval ends with one. */
        void restart(int expected) throws Unsupported {
            checkNoPaddingUsed();
            // Drop the buffered look-ahead: go back to the byte after the last one consumed.
            int unread = count / 8 - padding / 8;
            pos = backUp(unread);
            buf = 0;
            count = 0;
            padding = 0;
            atMarker = false;
            while (pos < d.length && (d[pos] & 0xff) == 0xFF && pos + 1 < d.length && (d[pos + 1] & 0xff) == 0xFF) pos++;
            if (pos + 1 >= d.length || (d[pos] & 0xff) != 0xFF || (d[pos + 1] & 0xff) != 0xD0 + expected) {
                throw new Unsupported("missing restart marker " + expected);
            }
            pos += 2;
        }

        /** The position n data bytes before the current one, counting 0xFF 0x00 pairs as one byte. */
        private int backUp(int n) {
            int p = pos;
            for (int i = 0; i < n; i++) {
                p--;
                if (p > 0 && (d[p] & 0xff) == 0 && (d[p - 1] & 0xff) == 0xFF) p--;
            }
            return p;
        }

        void checkNoPaddingUsed() throws Unsupported {
            if (count < padding) throw new Unsupported("entropy-coded data cut short");
        }
    }
}
