package org.facialkeypoints.bundle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a small zip archive held in memory in exactly one way, so that every zip tool sees the same entries as this
 * program: the central directory must list every entry once, the entries must follow each other with no gap from
 * the first byte to the directory, each local header must agree with its directory record, and every entry's
 * expanded size and CRC must match what the directory says. Encrypted entries, ZIP64, multi-disk archives and
 * compression other than stored or deflated are refused. Nothing is extracted to disk and entry names are never
 * used as paths.
 */
final class StrictZip {

    private static final int LOCAL = 0x04034b50, CENTRAL = 0x02014b50, END = 0x06054b50, DESCRIPTOR = 0x08074b50;

    private StrictZip() {}

    /** A problem with the archive's structure; its message is a phrase without the file's name. */
    static final class Invalid extends Exception {
        Invalid(String message) { super(message, null, false, false); }
    }

    private record Entry(String name, int flags, int method, long crc, long packed, long size, long offset) {}

    /**
     * The entries' expanded bytes in the order of the archive, refusing any entry whose name is not in
     * {@code caps} and any entry that would expand beyond its cap.
     */
    static Map<String, byte[]> read(byte[] zip, Map<String, Long> caps) throws Invalid {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int end = findEnd(zip, b);
        if (u16(b, end + 4) != 0 || u16(b, end + 6) != 0) throw new Invalid("a multi-part zip archive");
        int onDisk = u16(b, end + 8), total = u16(b, end + 10);
        long dirSize = u32(b, end + 12), dirOffset = u32(b, end + 16);
        if (onDisk != total) throw new Invalid("a multi-part zip archive");
        if (total == 0xFFFF || dirSize == 0xFFFFFFFFL || dirOffset == 0xFFFFFFFFL) throw new Invalid("a ZIP64 archive, which a model bundle never is");
        if (dirOffset + dirSize != end) throw new Invalid("the zip directory is not where the archive says; extra or hidden data");
        if (total > caps.size()) throw new Invalid(total + " entries in the zip directory, more than a model bundle has");
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int p = (int) dirOffset;
        for (int i = 0; i < total; i++) {
            need(b, p, 46, end);
            if (b.getInt(p) != CENTRAL) throw new Invalid("the zip directory is damaged");
            int flags = u16(b, p + 8), method = u16(b, p + 10);
            long crc = u32(b, p + 16), packed = u32(b, p + 20), size = u32(b, p + 24);
            int nameLength = u16(b, p + 28), extra = u16(b, p + 30), comment = u16(b, p + 32);
            long offset = u32(b, p + 42);
            need(b, p + 46, nameLength + extra + comment, end);
            String name = name(zip, p + 46, nameLength);
            if (!names.add(name)) throw new Invalid("the entry " + name + " appears twice");
            if (!caps.containsKey(name)) throw new Invalid("an unexpected entry '" + name + "'");
            if ((flags & 1) != 0) throw new Invalid("the entry " + name + " is encrypted");
            if (method != 0 && method != 8) throw new Invalid("the entry " + name + " uses compression method " + method);
            if (packed == 0xFFFFFFFFL || size == 0xFFFFFFFFL || offset == 0xFFFFFFFFL) throw new Invalid("a ZIP64 entry, which a model bundle never has");
            if (size > caps.get(name)) throw new Invalid("the entry " + name + " expands to " + size + " bytes, more than the " + caps.get(name) + " allowed");
            entries.add(new Entry(name, flags, method, crc, packed, size, offset));
            p += 46 + nameLength + extra + comment;
        }
        if (p != end) throw new Invalid("the zip directory holds more than it lists");
        entries.sort((x, y) -> Long.compare(x.offset, y.offset));
        Map<String, byte[]> out = new LinkedHashMap<>();
        long next = 0;
        for (Entry e : entries) {
            if (e.offset != next) throw new Invalid("data the zip directory does not list lies before the entry " + e.name);
            int q = (int) e.offset;
            need(b, q, 30, (int) dirOffset);
            if (b.getInt(q) != LOCAL) throw new Invalid("the entry " + e.name + " is damaged");
            int nameLength = u16(b, q + 26), extra = u16(b, q + 28);
            need(b, q + 30, nameLength + extra, (int) dirOffset);
            if (!name(zip, q + 30, nameLength).equals(e.name)) throw new Invalid("the entry " + e.name + " has another name in its own header");
            if (u16(b, q + 8) != e.method) throw new Invalid("the entry " + e.name + " has two compression methods");
            int data = q + 30 + nameLength + extra;
            need(b, data, e.packed, (int) dirOffset);
            byte[] bytes = expand(zip, data, (int) e.packed, e);
            long after = data + e.packed;
            if ((e.flags & 8) != 0) {
                int d = (int) after;
                need(b, d, 12, (int) dirOffset);
                int length = b.getInt(d) == DESCRIPTOR ? 16 : 12;
                need(b, d, length, (int) dirOffset);
                after += length;
            } else if (u32(b, q + 14) != e.crc || u32(b, q + 18) != e.packed || u32(b, q + 22) != e.size) {
                throw new Invalid("the entry " + e.name + " has sizes in its header that differ from the zip directory");
            }
            out.put(e.name, bytes);
            next = after;
        }
        if (next != dirOffset) throw new Invalid("data the zip directory does not list lies before the directory");
        return out;
    }

    private static byte[] expand(byte[] zip, int from, int packed, Entry e) throws Invalid {
        byte[] out;
        if (e.method == 0) {
            if (packed != e.size) throw new Invalid("the stored entry " + e.name + " has two sizes");
            out = java.util.Arrays.copyOfRange(zip, from, from + packed);
        } else {
            out = new byte[(int) e.size];
            Inflater inflater = new Inflater(true);
            try {
                inflater.setInput(zip, from, packed);
                int n = 0;
                while (n < out.length) {
                    int got = inflater.inflate(out, n, out.length - n);
                    if (got == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) break;
                    n += got;
                }
                if (n != out.length) throw new Invalid("the entry " + e.name + " is truncated or damaged");
                byte[] probe = new byte[1];
                if (!inflater.finished() && inflater.inflate(probe) > 0) {
                    throw new Invalid("the entry " + e.name + " expands beyond the size the zip directory gives");
                }
            } catch (DataFormatException ex) {
                throw new Invalid("the entry " + e.name + " is damaged (its compressed data is invalid)");
            } finally {
                inflater.end();
            }
        }
        CRC32 crc = new CRC32();
        crc.update(out);
        if (crc.getValue() != e.crc) throw new Invalid("the entry " + e.name + " fails its CRC check; the file is damaged");
        return out;
    }

    private static int findEnd(byte[] zip, ByteBuffer b) throws Invalid {
        int last = zip.length - 22;
        for (int i = last; i >= 0 && i >= last - 0xFFFF; i--) {
            if (b.getInt(i) == END && i + 22 + u16(b, i + 20) == zip.length) return i;
        }
        throw new Invalid(zip.length == 0 ? "an empty file" : "not a zip archive, or a truncated one (no zip directory at its end)");
    }

    private static void need(ByteBuffer b, long at, long length, int limit) throws Invalid {
        if (at < 0 || length < 0 || at + length > limit) throw new Invalid("the archive is truncated or its directory is damaged");
    }

    private static int u16(ByteBuffer b, int at) { return b.getShort(at) & 0xFFFF; }

    private static long u32(ByteBuffer b, int at) { return b.getInt(at) & 0xFFFFFFFFL; }

    private static String name(byte[] zip, int at, int length) {
        String s = new String(zip, at, length, java.nio.charset.StandardCharsets.UTF_8).replaceAll("[^\\x20-\\x7e]", "?");
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
