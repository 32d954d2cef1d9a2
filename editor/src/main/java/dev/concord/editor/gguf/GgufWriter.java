package dev.concord.editor.gguf;

import dev.concord.editor.EditorException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a GGUF v3 file: metadata (each value with its GGUF type), tensor infos, then the data
 * section aligned to {@code general.alignment}. Tensors are either raw bytes of any ggml type
 * (copied from another file as they were) or float32 data stored as F32 or F16. The file is
 * written beside the target and renamed into place, so a crash never leaves half a file.
 */
public final class GgufWriter {

    /** A metadata value and its GGUF type (0-12; 9 = array with {@code itemType}). */
    public record Value(int type, Object value, int itemType) {
    }

    /** A tensor to write: dims innermost first, its type and its bytes. */
    public record Tensor(String name, long[] dims, GgmlType type, ByteBuffer data) {
    }

    private final Map<String, Value> metadata = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();

    /** Copies every metadata value of {@code source} with its stored type. */
    public GgufWriter copyMetadata(GgufFile source) {
        for (Map.Entry<String, Object> e : source.metadata().entrySet()) {
            int type = source.type(e.getKey());
            int item = e.getValue() instanceof GgufFile.TypedArray a ? a.itemType() : -1;
            metadata.put(e.getKey(), new Value(type, e.getValue(), item));
        }
        return this;
    }

    public GgufWriter put(String key, Value value) {
        metadata.put(key, value);
        return this;
    }

    public GgufWriter putString(String key, String value) {
        return put(key, new Value(8, value, -1));
    }

    public GgufWriter putUint32(String key, long value) {
        return put(key, new Value(4, value, -1));
    }

    /** A tensor copied byte for byte. */
    public GgufWriter addRaw(String name, long[] dims, GgmlType type, ByteBuffer data) {
        tensors.add(new Tensor(name, dims, type, data.duplicate().order(ByteOrder.LITTLE_ENDIAN)));
        return this;
    }

    /** A float32 tensor stored as F32 or F16 (round to nearest even); {@code dims} innermost first. */
    public GgufWriter addFloats(String name, long[] dims, float[] values, GgmlType type) {
        if (type != GgmlType.F32 && type != GgmlType.F16) {
            throw new EditorException("expected F32 or F16 for written tensor " + name + " but found " + type);
        }
        ByteBuffer b = ByteBuffer.allocate(values.length * (type == GgmlType.F32 ? 4 : 2)).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            if (type == GgmlType.F32) {
                b.putFloat(v);
            } else {
                b.putShort(Dequantizer.floatToHalf(v));
            }
        }
        b.flip();
        tensors.add(new Tensor(name, dims, type, b));
        return this;
    }

    public void write(Path target) {
        int alignment = GgufFile.DEFAULT_ALIGNMENT;
        Value a = metadata.get("general.alignment");
        if (a != null) {
            alignment = ((Number) a.value()).intValue();
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".partial");
        try {
            if (target.toAbsolutePath().getParent() != null) {
                Files.createDirectories(target.toAbsolutePath().getParent());
            }
            try (OutputStream raw = Files.newOutputStream(tmp); Out out = new Out(new BufferedOutputStream(raw, 1 << 20))) {
                out.u32(GgufFile.MAGIC);
                out.u32(3);
                out.u64(tensors.size());
                out.u64(metadata.size());
                for (Map.Entry<String, Value> e : metadata.entrySet()) {
                    out.string(e.getKey());
                    out.u32(e.getValue().type());
                    value(out, e.getValue().type(), e.getValue().value(), e.getValue().itemType(), e.getKey());
                }
                long offset = 0;
                for (Tensor t : tensors) {
                    out.string(t.name());
                    out.u32(t.dims().length);
                    for (long d : t.dims()) {
                        out.u64(d);
                    }
                    out.u32(t.type().id());
                    out.u64(offset);
                    offset = GgufFile.align(offset + t.data().remaining(), alignment);
                }
                out.pad(alignment);
                for (Tensor t : tensors) {
                    out.bytes(t.data().duplicate());
                    out.pad(alignment);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write error below is the one to report
            }
            throw new EditorException("cannot write GGUF file " + target + ": " + e.getMessage(), e);
        }
    }

    private static void value(Out out, int type, Object v, int itemType, String key) throws IOException {
        switch (type) {
            case 0, 1 -> out.u8(((Number) v).intValue());
            case 2, 3 -> out.u16(((Number) v).intValue());
            case 4, 5 -> out.u32(((Number) v).intValue());
            case 6 -> out.u32(Float.floatToRawIntBits(((Number) v).floatValue()));
            case 7 -> out.u8(Boolean.TRUE.equals(v) ? 1 : 0);
            case 8 -> out.string((String) v);
            case 9 -> {
                List<?> items = (List<?>) v;
                int it = itemType >= 0 ? itemType : (v instanceof GgufFile.TypedArray ta ? ta.itemType() : -1);
                if (it < 0) {
                    throw new EditorException("expected an item type for array " + key);
                }
                out.u32(it);
                out.u64(items.size());
                for (Object item : items) {
                    value(out, it, item, item instanceof GgufFile.TypedArray ta ? ta.itemType() : -1, key);
                }
            }
            case 10, 11 -> out.u64(((Number) v).longValue());
            case 12 -> out.u64(Double.doubleToRawLongBits(((Number) v).doubleValue()));
            default -> throw new EditorException("unknown GGUF value type " + type + " for " + key);
        }
    }

    /** Little-endian output that counts its bytes (for alignment padding). */
    private static final class Out implements AutoCloseable {
        private final OutputStream out;
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        private long written;

        Out(OutputStream out) {
            this.out = out;
        }

        void u8(int v) throws IOException {
            out.write(v);
            written++;
        }

        void u16(int v) throws IOException {
            scratch.clear();
            scratch.putShort((short) v);
            out.write(scratch.array(), 0, 2);
            written += 2;
        }

        void u32(int v) throws IOException {
            scratch.clear();
            scratch.putInt(v);
            out.write(scratch.array(), 0, 4);
            written += 4;
        }

        void u64(long v) throws IOException {
            scratch.clear();
            scratch.putLong(v);
            out.write(scratch.array(), 0, 8);
            written += 8;
        }

        void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            out.write(b);
            written += b.length;
        }

        void bytes(ByteBuffer b) throws IOException {
            byte[] chunk = new byte[1 << 16];
            while (b.hasRemaining()) {
                int n = Math.min(chunk.length, b.remaining());
                b.get(chunk, 0, n);
                out.write(chunk, 0, n);
                written += n;
            }
        }

        void pad(int alignment) throws IOException {
            while (written % alignment != 0) {
                u8(0);
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
