package org.facialkeypoints.bundle;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The safetensors layout as its published description gives it, read and written, and refused when hostile. */
class SafeTensorsTest {

    /**
     * What Python's safetensors 0.8 writes for {@code save({"weight": float16 [[1, -2], [0.5, 65504]], "bias":
     * float32 [0.25, -3.5, 0.001]}, metadata={"format": "pt"})}: metadata first, then the tensors sorted by dtype
     * width and name, the header padded with spaces to a multiple of 8, then the data.
     */
    private static final String PYTHON_HEADER = "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},"
            + "\"weight\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[12,20]}}";
    private static final String PYTHON_DATA = "0000803e000060c06f12833a003c00c00038ff7b";

    /** A file of the format's parts: the little-endian header length, the header text, then {@code data}. */
    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).put(data).array();
    }

    static byte[] padded(String header, byte[] data) {
        int length = header.getBytes(StandardCharsets.UTF_8).length;
        return file(header + " ".repeat((8 - length % 8) % 8), data);
    }

    @Test
    void aFileAsPythonWritesItReadsBackItsValues() throws IOException {
        byte[] bytes = padded(PYTHON_HEADER, HexFormat.of().parseHex(PYTHON_DATA));
        assertEquals(152, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(), "padded to a multiple of 8");
        List<NamedTensor> t = SafeTensors.read(bytes, "python.safetensors");
        assertEquals(List.of("bias", "weight"), t.stream().map(NamedTensor::name).toList());
        assertArrayEquals(new long[] {3}, t.get(0).shape());
        assertArrayEquals(new float[] {0.25f, -3.5f, 1e-3f}, t.get(0).data(), 0f);
        assertArrayEquals(new long[] {2, 2}, t.get(1).shape());
        assertArrayEquals(new float[] {1f, -2f, 0.5f, 65504f}, t.get(1).data(), 0f);
    }

    @Test
    void theWriterLaysOutTheFileAsTheFormatDescribesIt() throws IOException {
        NamedTensor bias = new NamedTensor("bias", new long[] {3}, new float[] {0.25f, -3.5f, 1e-3f});
        NamedTensor weight = new NamedTensor("weight", new long[] {2, 2}, new float[] {1f, -2f, 0.5f, 65504f});
        // Python's writer for the same two float32 tensors, without metadata: their bytes one after the other.
        ByteBuffer data = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[] {0.25f, -3.5f, 1e-3f, 1f, -2f, 0.5f, 65504f}) data.putFloat(v);
        byte[] expected = padded("{\"bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},"
                + "\"weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[12,28]}}", data.array());
        assertArrayEquals(expected, SafeTensors.write(List.of(bias, weight), SafeTensors.DType.F32));
        // In float16 the values are the same bits Python wrote for its float16 tensor.
        byte[] half = SafeTensors.write(List.of(weight), SafeTensors.DType.F16);
        byte[] tail = java.util.Arrays.copyOfRange(half, half.length - 8, half.length);
        assertEquals(PYTHON_DATA.substring(24), HexFormat.of().formatHex(tail));
    }

    @Test
    void writtenTensorsReadBackBitIdentical() throws IOException {
        Random r = new Random(17);
        float[] a = new float[3 * 5 * 7];
        float[] b = {Float.MIN_VALUE, -0f, Float.MAX_VALUE, Float.NaN, Float.NEGATIVE_INFINITY};
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian() * 1e-3f;
        List<NamedTensor> in = List.of(new NamedTensor("conv_weight", new long[] {3, 5, 7}, a),
                new NamedTensor("odd", new long[] {5}, b), new NamedTensor("empty", new long[] {0, 4}, new float[0]),
                new NamedTensor("scalar", new long[0], new float[] {42f}));
        List<NamedTensor> back = SafeTensors.read(SafeTensors.write(in, SafeTensors.DType.F32), "x.safetensors");
        assertEquals(in.size(), back.size());
        for (int k = 0; k < in.size(); k++) {
            assertEquals(in.get(k).name(), back.get(k).name());
            assertArrayEquals(in.get(k).shape(), back.get(k).shape());
            float[] wrote = in.get(k).data(), read = back.get(k).data();
            for (int i = 0; i < wrote.length; i++) {
                assertEquals(Float.floatToRawIntBits(wrote[i]), Float.floatToRawIntBits(read[i]));
            }
        }
        // Values a float16 holds exactly survive a float16 file unchanged.
        float[] halves = {1f, -2f, 0.5f, 65504f, 0x1p-24f, -0f};
        List<NamedTensor> h = List.of(new NamedTensor("h", new long[] {6}, halves));
        assertArrayEquals(halves, SafeTensors.read(SafeTensors.write(h, SafeTensors.DType.F16), "h").get(0).data(), 0f);
    }

    private static String tensor(String dtype, String shape, long begin, long end) {
        return "{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    private static void assertRefused(byte[] bytes, String... words) {
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(bytes, "evil.safetensors"));
        String m = e.getMessage();
        assertTrue(m.startsWith("evil.safetensors: "), m);
        assertFalse(m.contains("\n"), m);
        for (String w : words) assertTrue(m.contains(w), m);
    }

    @Test
    void hostileHeadersAreRefusedWithOneSentenceNamingTheFile() {
        byte[] sixteen = new byte[16];
        // A header length of a terabyte, one of 2^64 - 1, and one longer than the file.
        byte[] huge = file("{}", sixteen);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        assertRefused(huge, "header claims 1099511627776 bytes");
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        assertRefused(huge, "header claims 18446744073709551615 bytes");
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, huge.length);
        assertRefused(huge, "header claims");
        assertRefused(new byte[5], "too short");
        // Two tensors over the same bytes, and a gap between two.
        assertRefused(file("{\"a\":" + tensor("F32", "[2]", 0, 8) + ",\"b\":" + tensor("F32", "[2]", 4, 12) + "}",
                new byte[12]), "'b'", "ends at 8");
        assertRefused(file("{\"a\":" + tensor("F32", "[1]", 0, 4) + ",\"b\":" + tensor("F32", "[1]", 8, 12) + "}",
                new byte[12]), "unused");
        // A shape whose values do not fill the offsets, and one too large to be held at all.
        assertRefused(file("{\"a\":" + tensor("F32", "[3]", 0, 8) + "}", sixteen), "needs 12 bytes", "span 8");
        assertRefused(file("{\"a\":" + tensor("F16", "[4294967296,4294967296]", 0, 16) + "}", sixteen), "more values");
        assertRefused(file("{\"a\":" + tensor("F32", "[-4]", 0, 16) + "}", sixteen), "shape");
        // A dtype this program does not store, a name twice, offsets past the end, data no tensor claims.
        assertRefused(file("{\"a\":" + tensor("I64", "[2]", 0, 16) + "}", sixteen), "dtype \"I64\"");
        assertRefused(file("{\"a\":" + tensor("F32", "[2]", 0, 8) + ",\"a\":" + tensor("F32", "[2]", 8, 16) + "}",
                sixteen), "'a'", "twice");
        assertRefused(file("{\"a\":" + tensor("F32", "[8]", 0, 32) + "}", sixteen), "outside the data");
        assertRefused(file("{\"a\":" + tensor("F32", "[2]", 8, 0) + "}", sixteen), "outside the data");
        assertRefused(file("{\"a\":" + tensor("F32", "[2]", 0, 8) + "}", sixteen), "cover 8 bytes", "holds 16");
        // Not a header at all, metadata that is not text, an unknown field.
        assertRefused(file("[1, 2]   ", sixteen), "start with '{'");
        assertRefused(file("{\"a\": ", sixteen), "not valid JSON");
        assertRefused(file("{\"__metadata__\":{\"n\":1}}", new byte[0]), "__metadata__");
        assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":0}}", new byte[4]),
                "unknown field 'x'");
    }

    @Test
    void aFileOfThisProgramHasAHeaderOtherToolsCanList() throws Exception {
        List<NamedTensor> t = List.of(new NamedTensor("w", new long[] {2, 3}, new float[6]));
        byte[] bytes = SafeTensors.write(t, SafeTensors.DType.F16);
        long length = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, length % 8);
        JsonObject header = StrictJson.parseObject(new String(bytes, 8, (int) length, StandardCharsets.UTF_8));
        JsonObject w = header.getAsJsonObject("w");
        assertEquals("F16", w.get("dtype").getAsString());
        JsonArray offsets = w.getAsJsonArray("data_offsets");
        assertEquals(0, offsets.get(0).getAsLong());
        assertEquals(12, offsets.get(1).getAsLong());
        assertEquals(8 + length + 12, bytes.length);
    }
}
