package org.facialkeypoints.bundle;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The safetensors layout, read and written by this program alone: an 8-byte little-endian header length, a JSON
 * header that maps each tensor's name to its dtype, shape and [begin, end) byte offsets into the data (and an
 * optional {@code __metadata__} map of text), padded with spaces to a multiple of 8, then the little-endian values
 * with no gap. The same file opens with Python's {@code safetensors} package. Reading checks every length, offset,
 * shape and dtype against the bytes that are really there before anything is allocated, refuses holes and overlaps
 * between tensors, and reports any fault as one sentence that starts with the file's name.
 */
public final class SafeTensors {

    /** The stored number types: those the bundles use, float32 and float16 (half the size). */
    public enum DType {
        F32(4), F16(2);

        final int width;

        DType(int width) { this.width = width; }
    }

    /**
     * The longest header read. The built-in 300-W ResNet-18 has the most tensors, 163, in a header of 18,680 bytes;
     * 1 MiB leaves room for 50 times as many and still refuses a length field that claims gigabytes.
     */
    static final long MAX_HEADER_BYTES = 1 << 20;
    private static final String METADATA = "__metadata__";
    private static final int MAX_RANK = 8;
    // The format pads the header with spaces so that the data starts 8-byte aligned.
    private static final int ALIGNMENT = 8;
    private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();

    private SafeTensors() {}

    /** The file's bytes, tensors in the list's order, each stored as {@code dtype}. */
    public static byte[] write(List<NamedTensor> tensors, DType dtype) {
        JsonObject header = new JsonObject();
        long offset = 0;
        for (NamedTensor t : tensors) {
            if (METADATA.equals(t.name()) || header.has(t.name())) {
                throw new IllegalArgumentException("the tensor name '" + t.name() + "' is reserved or used twice");
            }
            JsonObject info = new JsonObject();
            info.addProperty("dtype", dtype.name());
            JsonArray shape = new JsonArray();
            for (long d : t.shape()) shape.add(d);
            info.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offset += t.size() * dtype.width;
            offsets.add(offset);
            info.add("data_offsets", offsets);
            header.add(t.name(), info);
        }
        byte[] json = COMPACT.toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) out.put((byte) ' ');
        for (NamedTensor t : tensors) {
            for (float v : t.data()) {
                if (dtype == DType.F16) out.putShort(Half.fromFloat(v));
                else out.putFloat(v);
            }
        }
        return out.array();
    }

    /** The tensors in the order of their data; {@code source} names the file in every error. */
    public static List<NamedTensor> read(byte[] bytes, String source) throws IOException {
        if (bytes.length < 8) {
            throw new IOException(source + ": too short for a safetensors file (" + bytes.length + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = in.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > bytes.length - 8) {
            throw new IOException(source + ": the safetensors header claims " + Long.toUnsignedString(headerLength)
                    + " bytes, but at most " + Math.min(MAX_HEADER_BYTES, bytes.length - 8) + " are allowed here");
        }
        JsonObject header = header(bytes, (int) headerLength, source);
        long dataStart = 8 + headerLength, dataLength = bytes.length - dataStart;
        List<Slot> slots = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (METADATA.equals(e.getKey())) {
                metadata(e.getValue(), source);
            } else {
                slots.add(slot(e.getKey(), e.getValue(), dataLength, source));
            }
        }
        slots.sort(Comparator.comparingLong(Slot::begin));
        long next = 0;
        for (Slot s : slots) {
            if (s.begin != next) {
                throw new IOException(source + ": the tensor '" + s.name + "' starts at byte " + s.begin
                        + " of the data, but " + (s.begin < next ? "the tensor before it ends at "
                        : "the data before it is unused up to ") + next);
            }
            next = s.end;
        }
        if (next != dataLength) {
            throw new IOException(source + ": the tensors cover " + next + " bytes of data, the file holds "
                    + dataLength);
        }
        List<NamedTensor> out = new ArrayList<>(slots.size());
        for (Slot s : slots) out.add(s.decode(in, dataStart));
        return out;
    }

    /** One tensor's place in the data, checked against the data's length. */
    private record Slot(String name, DType dtype, long[] shape, long begin, long end) {

        NamedTensor decode(ByteBuffer in, long dataStart) {
            float[] values = new float[(int) ((end - begin) / dtype.width)];
            ByteBuffer b = in.duplicate().order(ByteOrder.LITTLE_ENDIAN).position((int) (dataStart + begin));
            for (int i = 0; i < values.length; i++) {
                values[i] = dtype == DType.F16 ? Half.toFloat(b.getShort()) : b.getFloat();
            }
            return new NamedTensor(name, shape, values);
        }
    }

    private static JsonObject header(byte[] bytes, int length, String source) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 8, length)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(source + ": the safetensors header is not UTF-8 text");
        }
        if (!text.startsWith("{")) throw new IOException(source + ": the safetensors header does not start with '{'");
        try {
            return StrictJson.parseObject(text);
        } catch (StrictJson.Invalid e) {
            throw new IOException(source + ": the safetensors header is not valid JSON (" + e.getMessage() + ")");
        }
    }

    private static void metadata(JsonElement value, String source) throws IOException {
        boolean text = value.isJsonObject() && value.getAsJsonObject().entrySet().stream()
                .allMatch(e -> e.getValue().isJsonPrimitive() && e.getValue().getAsJsonPrimitive().isString());
        if (!text) throw new IOException(source + ": the safetensors " + METADATA + " is not a map of text to text");
    }

    private static Slot slot(String name, JsonElement value, long dataLength, String source) throws IOException {
        String what = source + ": the tensor '" + BundleFile.oneLine(name) + "'";
        if (!value.isJsonObject()) throw new IOException(what + " is described by " + value + ", not an object");
        JsonObject info = value.getAsJsonObject();
        for (String key : info.keySet()) {
            if (!List.of("dtype", "shape", "data_offsets").contains(key)) {
                throw new IOException(what + " has an unknown field '" + BundleFile.oneLine(key) + "'");
            }
        }
        JsonElement dtypeJson = info.get("dtype");
        DType dtype = null;
        for (DType d : DType.values()) {
            if (dtypeJson != null && dtypeJson.isJsonPrimitive() && d.name().equals(dtypeJson.getAsString())) dtype = d;
        }
        if (dtype == null) throw new IOException(what + " has dtype " + dtypeJson + "; this program reads F32 and F16");
        long[] shape = longs(info.get("shape"), MAX_RANK,
                what + " has a shape that is not a list of at most " + MAX_RANK + " sizes");
        long[] offsets = longs(info.get("data_offsets"), 2, what + " has data_offsets that are not two byte positions");
        if (offsets.length != 2) throw new IOException(what + " has data_offsets that are not two byte positions");
        if (offsets[0] > offsets[1] || offsets[1] > dataLength) {
            throw new IOException(what + " lies outside the data (bytes " + offsets[0] + " to " + offsets[1] + " of "
                    + dataLength + ")");
        }
        // Each factor and each partial product stays below the data's length (< 2^31), so nothing overflows.
        long bytes = dtype.width;
        for (long d : shape) {
            bytes *= Math.min(d, dataLength + 1);
            if (bytes > dataLength) {
                throw new IOException(what + " has shape " + info.get("shape") + ", more values than the file holds");
            }
        }
        if (bytes != offsets[1] - offsets[0]) {
            throw new IOException(what + " has shape " + info.get("shape") + " of " + dtype + ", which needs " + bytes
                    + " bytes, but its data_offsets span " + (offsets[1] - offsets[0]));
        }
        return new Slot(name, dtype, shape, offsets[0], offsets[1]);
    }

    /** A JSON list of at most {@code max} non-negative integers, or an IOException saying {@code fault}. */
    private static long[] longs(JsonElement value, int max, String fault) throws IOException {
        if (value == null || !value.isJsonArray() || value.getAsJsonArray().size() > max) throw new IOException(fault);
        JsonArray a = value.getAsJsonArray();
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement e = a.get(i);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) throw new IOException(fault);
            double d = e.getAsDouble();
            if (d < 0 || d != Math.rint(d) || d > Long.MAX_VALUE / 2) throw new IOException(fault);
            out[i] = e.getAsLong();
        }
        return out;
    }
}
