package org.facialkeypoints.bundle;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain binary list of named float arrays: "FKPT", a version, a count, then per tensor its name, rank, dimensions,
 * storage type (version 2: 0 = float32, 1 = float16) and little-endian values. Pure data: reading it can only
 * produce numbers, and every count is checked against what is left of the input before anything is allocated.
 * Half precision halves a bundle's size; the weights are rounded to the nearest float16 (measured effect on the
 * shipped models in docs/RESULTS.md). Bundles of format 3 keep their weights as {@link SafeTensors} instead; this
 * format stays for the bundles before it (the built-in models among them) and for a checkpoint's optimizer state.
 */
public final class TensorArchive {

    private static final int MAGIC = 0x464b5054; // "FKPT"
    private static final int VERSION = 2;
    public static final byte FLOAT32 = 0, FLOAT16 = 1;
    private static final int MAX_RANK = 8;

    private TensorArchive() {}

    public static byte[] write(List<NamedTensor> tensors) {
        return write(tensors, FLOAT32);
    }

    public static byte[] write(List<NamedTensor> tensors, byte storage) {
        long bytes = 12;
        for (NamedTensor t : tensors) bytes += 4L * t.size() + 64 + 8L * t.shape().length;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, bytes));
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(tensors.size());
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (NamedTensor t : tensors) {
                out.writeUTF(t.name());
                out.writeInt(t.shape().length);
                for (long d : t.shape()) out.writeLong(d);
                out.writeByte(storage);
                float[] data = t.data();
                if (storage == FLOAT16) {
                    for (int i = 0; i < data.length; ) {
                        chunk.clear();
                        int n = Math.min(chunk.capacity() / 2, data.length - i);
                        for (int k = 0; k < n; k++) chunk.putShort(Half.fromFloat(data[i + k]));
                        out.write(chunk.array(), 0, 2 * n);
                        i += n;
                    }
                } else {
                    for (int i = 0; i < data.length; ) {
                        chunk.clear();
                        int n = Math.min(chunk.capacity() / 4, data.length - i);
                        chunk.asFloatBuffer().put(data, i, n);
                        out.write(chunk.array(), 0, 4 * n);
                        i += n;
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return buffer.toByteArray();
    }

    /** Reads the archive; {@code source} names it in error messages. */
    public static List<NamedTensor> read(byte[] bytes, String source) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        try {
            if (in.readInt() != MAGIC) throw new IOException(source + ": not a tensor archive (bad magic number)");
            int version = in.readInt();
            if (version < 1 || version > VERSION) throw new IOException(source + ": tensor archive version " + version + " is not supported (expected 1 to " + VERSION + ")");
            int count = in.readInt();
            if (count < 0 || count > 100_000) throw new IOException(source + ": implausible tensor count " + count);
            List<NamedTensor> out = new ArrayList<>(Math.min(count, 1024));
            for (int k = 0; k < count; k++) {
                String name = in.readUTF();
                int rank = in.readInt();
                if (rank < 0 || rank > MAX_RANK) throw new IOException(source + ": tensor '" + name + "' has rank " + rank);
                long[] shape = new long[rank];
                long n = 1;
                for (int d = 0; d < rank; d++) {
                    shape[d] = in.readLong();
                    if (shape[d] < 0 || shape[d] > Integer.MAX_VALUE) throw new IOException(source + ": tensor '" + name + "' has dimension " + shape[d]);
                    n *= shape[d];
                    if (n > in.available() / 2) throw new IOException(source + ": tensor '" + name + "' claims more values than the file holds");
                }
                byte storage = version >= 2 ? in.readByte() : FLOAT32;
                if (storage != FLOAT32 && storage != FLOAT16) throw new IOException(source + ": tensor '" + name + "' has unknown storage type " + storage);
                int width = storage == FLOAT16 ? 2 : 4;
                if (n > in.available() / width) throw new IOException(source + ": tensor '" + name + "' claims more values than the file holds");
                byte[] raw = new byte[(int) (width * n)];
                in.readFully(raw);
                float[] data = new float[(int) n];
                ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                if (storage == FLOAT16) {
                    for (int i = 0; i < n; i++) data[i] = Half.toFloat(bb.getShort());
                } else {
                    bb.asFloatBuffer().get(data);
                }
                out.add(new NamedTensor(name, shape, data));
            }
            if (in.available() > 0) throw new IOException(source + ": " + in.available() + " unexpected bytes after the last tensor");
            return out;
        } catch (EOFException e) {
            throw new IOException(source + ": tensor archive is truncated", e);
        }
    }
}
