package dev.concord.editor.gguf;

import dev.concord.editor.EditorException;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GGUF file (llama.cpp's format, versions 2 and 3), memory-mapped: the header, every metadata
 * value and the tensor infos are read when the file is opened; tensor data is mapped per tensor
 * when asked for, so files larger than 2 GiB work.
 *
 * <p>Layout (little-endian): magic {@code GGUF}, version (u32), tensor count and metadata count
 * (u64), the metadata (key string, value type u32, value), the tensor infos (name, number of dims
 * u32, dims u64 innermost first, ggml type u32, offset u64 relative to the data section), then
 * padding to {@code general.alignment} (default 32) and the data section. Strings are a u64 length
 * and UTF-8 bytes.
 *
 * <p>Metadata values are returned as Java values: u8/i8/u16/i16/u32/i32 as {@link Integer} (u32 as
 * {@link Long}), u64/i64 as {@link Long}, f32 as {@link Float}, f64 as {@link Double}, bool as
 * {@link Boolean}, string as {@link String}, arrays as {@link List}.
 */
public final class GgufFile {

    /** "GGUF" read as a little-endian u32. */
    public static final int MAGIC = 0x46554747;
    public static final int DEFAULT_ALIGNMENT = 32;
    private static final long MAX_COUNT = 1L << 24;
    private static final long MAX_HEADER_BYTES = Integer.MAX_VALUE;

    /** One tensor: name, dims innermost first (as GGUF stores them), type, absolute offset of its data. */
    public record TensorInfo(String name, long[] dims, GgmlType type, long typeId, long offset) {
        public long elements() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }

        /** Dims outermost first (the row-major shape, as numpy and PyTorch write it). */
        public long[] shape() {
            long[] s = new long[dims.length];
            for (int i = 0; i < dims.length; i++) {
                s[i] = dims[dims.length - 1 - i];
            }
            return s;
        }

        public long bytes() {
            return type == null ? 0 : type.bytesFor(elements());
        }
    }

    /** An array value with the GGUF type of its items (so a writer can store it back unchanged). */
    public static final class TypedArray extends java.util.AbstractList<Object> {
        private final int itemType;
        private final List<Object> items;

        public TypedArray(int itemType, List<Object> items) {
            this.itemType = itemType;
            this.items = items;
        }

        public int itemType() {
            return itemType;
        }

        @Override
        public Object get(int index) {
            return items.get(index);
        }

        @Override
        public int size() {
            return items.size();
        }
    }

    private final Path file;
    private final long size;
    private final int version;
    private final Map<String, Object> metadata;
    private final Map<String, Integer> types;
    private final Map<String, TensorInfo> tensors;
    private final long dataStart;
    private final int alignment;

    private GgufFile(Path file, long size, int version, Map<String, Object> metadata, Map<String, Integer> types,
                     Map<String, TensorInfo> tensors, long dataStart, int alignment) {
        this.file = file;
        this.size = size;
        this.version = version;
        this.metadata = metadata;
        this.types = types;
        this.tensors = tensors;
        this.dataStart = dataStart;
        this.alignment = alignment;
    }

    /** Opens and checks {@code file}: every error names the file and says what was expected and found. */
    public static GgufFile open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new EditorException("expected a GGUF file at " + file + " but found none");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 24) {
                throw new EditorException(file + " is not a GGUF file: expected at least 24 bytes but found " + size);
            }
            ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(size, MAX_HEADER_BYTES));
            buf.order(ByteOrder.LITTLE_ENDIAN);
            return new Reader(file, buf, size).read();
        } catch (IOException e) {
            throw new EditorException("cannot read GGUF file " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public int version() {
        return version;
    }

    public int alignment() {
        return alignment;
    }

    public long dataStart() {
        return dataStart;
    }

    public Map<String, Object> metadata() {
        return metadata;
    }

    /** The GGUF value type (0-12) of a metadata key, as stored. */
    public int type(String key) {
        Integer t = types.get(key);
        if (t == null) {
            throw new EditorException(file + ": expected metadata key " + key + " but found none");
        }
        return t;
    }

    /** Tensor infos in file order. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    public TensorInfo tensor(String name) {
        TensorInfo t = tensors.get(name);
        if (t == null) {
            throw new EditorException(file + " has no tensor " + name);
        }
        return t;
    }

    // ---- typed metadata access ----------------------------------------------------------------

    public boolean has(String key) {
        return metadata.containsKey(key);
    }

    public String string(String key) {
        Object v = required(key);
        if (!(v instanceof String s)) {
            throw new EditorException(file + ": expected a string for " + key + " but found " + describe(v));
        }
        return s;
    }

    public String string(String key, String fallback) {
        return has(key) ? string(key) : fallback;
    }

    public long integer(String key) {
        Object v = required(key);
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Long l) {
            return l;
        }
        throw new EditorException(file + ": expected an integer for " + key + " but found " + describe(v));
    }

    public long integer(String key, long fallback) {
        return has(key) ? integer(key) : fallback;
    }

    public double real(String key, double fallback) {
        if (!has(key)) {
            return fallback;
        }
        Object v = metadata.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new EditorException(file + ": expected a number for " + key + " but found " + describe(v));
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        Object v = metadata.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new EditorException(file + ": expected a bool for " + key + " but found " + describe(v));
    }

    public List<?> array(String key) {
        Object v = required(key);
        if (!(v instanceof List<?> l)) {
            throw new EditorException(file + ": expected an array for " + key + " but found " + describe(v));
        }
        return l;
    }

    private Object required(String key) {
        Object v = metadata.get(key);
        if (v == null) {
            throw new EditorException(file + ": expected metadata key " + key + " but found none");
        }
        return v;
    }

    private static String describe(Object v) {
        return v == null ? "nothing" : v.getClass().getSimpleName() + " " + (v instanceof List<?> l ? "of " + l.size()
                : String.valueOf(v));
    }

    // ---- tensor data --------------------------------------------------------------------------

    /** The raw bytes of a tensor, memory-mapped (little-endian). */
    public ByteBuffer raw(TensorInfo t) {
        if (t.type() == null) {
            throw unsupported(t);
        }
        long bytes = t.bytes();
        if (bytes > Integer.MAX_VALUE) {
            throw new EditorException(file + ": tensor " + t.name() + " takes " + bytes
                    + " bytes; expected at most 2 GiB per tensor");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, t.offset(), bytes).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new EditorException("cannot read tensor " + t.name() + " of " + file + ": " + e.getMessage(), e);
        }
    }

    /** The tensor widened to float32, row-major (innermost dim fastest). */
    public float[] floats(String name) {
        return floats(tensor(name));
    }

    public float[] floats(TensorInfo t) {
        requireDequantizable(t);
        long n = t.elements();
        if (n > Integer.MAX_VALUE - 8) {
            throw new EditorException(file + ": tensor " + t.name() + " has " + n
                    + " elements; expected at most 2^31 to widen it to float32");
        }
        float[] out = new float[(int) n];
        Dequantizer.dequantize(t.type(), raw(t), out);
        return out;
    }

    /** Refuses a tensor whose type the runtime cannot widen to float32, naming the file, tensor and type. */
    public void requireDequantizable(TensorInfo t) {
        if (t.type() == null || !t.type().dequantizable()) {
            throw unsupported(t);
        }
    }

    private EditorException unsupported(TensorInfo t) {
        String type = t.type() == null ? "unknown type id " + t.typeId() : t.type().name();
        return new EditorException(file + ": tensor " + t.name() + " has type " + type
                + "; expected one of F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K, Q5_K, Q6_K");
    }

    // ---- parsing ------------------------------------------------------------------------------

    private static final class Reader {
        private final Path file;
        private final ByteBuffer buf;
        private final long size;

        Reader(Path file, ByteBuffer buf, long size) {
            this.file = file;
            this.buf = buf;
            this.size = size;
        }

        GgufFile read() {
            try {
                int magic = buf.getInt();
                if (magic != MAGIC) {
                    byte[] m = new byte[4];
                    buf.get(0, m);
                    throw fail("is not a GGUF file: expected magic 'GGUF' but found '"
                            + new String(m, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?") + "'");
                }
                int version = buf.getInt();
                if (version != 2 && version != 3) {
                    throw fail("has GGUF version " + Integer.toUnsignedString(version) + "; expected 2 or 3");
                }
                long tensorCount = count("tensor count");
                long kvCount = count("metadata count");
                Map<String, Object> meta = new LinkedHashMap<>();
                Map<String, Integer> types = new LinkedHashMap<>();
                for (long i = 0; i < kvCount; i++) {
                    String key = string("metadata key");
                    int type = buf.getInt();
                    meta.put(key, value(type, key, 0));
                    types.put(key, type);
                }
                int alignment = DEFAULT_ALIGNMENT;
                Object a = meta.get("general.alignment");
                if (a != null) {
                    long al = a instanceof Number n ? n.longValue() : -1;
                    if (al <= 0 || al > (1 << 20) || Long.bitCount(al) != 1) {
                        throw fail("has general.alignment " + a + "; expected a power of two");
                    }
                    alignment = (int) al;
                }
                List<TensorInfo> infos = new ArrayList<>();
                for (long i = 0; i < tensorCount; i++) {
                    String name = string("tensor name");
                    int nDims = buf.getInt();
                    if (nDims < 1 || nDims > 4) {
                        throw fail("tensor " + name + " has " + Integer.toUnsignedString(nDims) + " dims; expected 1 to 4");
                    }
                    long[] dims = new long[nDims];
                    long elements = 1;
                    for (int d = 0; d < nDims; d++) {
                        dims[d] = buf.getLong();
                        if (dims[d] < 1 || dims[d] > (1L << 40) || elements > (1L << 40) / dims[d]) {
                            throw fail("tensor " + name + " has dim " + Long.toUnsignedString(dims[d])
                                    + "; expected a positive size");
                        }
                        elements *= dims[d];
                    }
                    long typeId = Integer.toUnsignedLong(buf.getInt());
                    GgmlType type = GgmlType.byId(typeId);
                    if (type != null && dims[0] % type.blockSize() != 0) {
                        throw fail("tensor " + name + " has " + dims[0] + " values per row; expected a multiple of "
                                + type.blockSize() + " for " + type);
                    }
                    long offset = buf.getLong();
                    infos.add(new TensorInfo(name, dims, type, typeId, offset));
                }
                long dataStart = align(buf.position(), alignment);
                Map<String, TensorInfo> tensors = new LinkedHashMap<>();
                for (TensorInfo t : infos) {
                    if (t.offset() < 0 || t.offset() % alignment != 0) {
                        throw fail("tensor " + t.name() + " has data offset " + Long.toUnsignedString(t.offset())
                                + "; expected a multiple of the alignment " + alignment);
                    }
                    TensorInfo abs = new TensorInfo(t.name(), t.dims(), t.type(), t.typeId(), dataStart + t.offset());
                    if (t.type() != null && abs.offset() + abs.bytes() > size) {
                        throw fail("tensor " + t.name() + " needs bytes up to " + (abs.offset() + abs.bytes())
                                + " but the file ends at " + size + " (truncated or corrupt)");
                    }
                    if (tensors.put(t.name(), abs) != null) {
                        throw fail("names tensor " + t.name() + " twice");
                    }
                }
                return new GgufFile(file, size, version, Collections.unmodifiableMap(meta), Collections.unmodifiableMap(types),
                        Collections.unmodifiableMap(tensors), dataStart, alignment);
            } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
                throw fail("ends inside its header at byte " + buf.position() + " (truncated or corrupt)");
            }
        }

        private long count(String what) {
            long n = buf.getLong();
            if (n < 0 || n > MAX_COUNT) {
                throw fail("has " + what + " " + Long.toUnsignedString(n) + "; expected at most " + MAX_COUNT);
            }
            return n;
        }

        private String string(String what) {
            long len = buf.getLong();
            if (len < 0 || len > buf.remaining()) {
                throw fail("has a " + what + " of " + Long.toUnsignedString(len) + " bytes at byte " + (buf.position() - 8)
                        + " but only " + buf.remaining() + " bytes follow (truncated or corrupt)");
            }
            byte[] b = new byte[(int) len];
            buf.get(b);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                // llama.cpp tolerates invalid UTF-8 in token strings (partial byte sequences): keep them lossless-ish
                return new String(b, StandardCharsets.UTF_8);
            }
        }

        private Object value(int type, String key, int depth) {
            return switch (type) {
                case 0 -> Byte.toUnsignedInt(buf.get());
                case 1 -> (int) buf.get();
                case 2 -> Short.toUnsignedInt(buf.getShort());
                case 3 -> (int) buf.getShort();
                case 4 -> Integer.toUnsignedLong(buf.getInt());
                case 5 -> buf.getInt();
                case 6 -> buf.getFloat();
                case 7 -> {
                    byte b = buf.get();
                    if (b != 0 && b != 1) {
                        throw fail("has bool " + b + " for " + key + "; expected 0 or 1");
                    }
                    yield b == 1;
                }
                case 8 -> string("string for " + key);
                case 9 -> {
                    if (depth > 2) {
                        throw fail("nests arrays deeper than 3 for " + key);
                    }
                    int itemType = buf.getInt();
                    long n = buf.getLong();
                    if (n < 0 || n > buf.remaining()) {
                        throw fail("has an array of " + Long.toUnsignedString(n) + " items for " + key
                                + " but only " + buf.remaining() + " bytes follow (truncated or corrupt)");
                    }
                    List<Object> items = new ArrayList<>((int) n);
                    for (long i = 0; i < n; i++) {
                        items.add(value(itemType, key, depth + 1));
                    }
                    yield new TypedArray(itemType, Collections.unmodifiableList(items));
                }
                case 10 -> buf.getLong();
                case 11 -> buf.getLong();
                case 12 -> buf.getDouble();
                default -> throw fail("has value type " + Integer.toUnsignedString(type) + " for " + key
                        + "; expected 0 to 12");
            };
        }

        private EditorException fail(String message) {
            return new EditorException("GGUF file " + file + " " + message);
        }
    }

    static long align(long position, int alignment) {
        long rem = position % alignment;
        return rem == 0 ? position : position + alignment - rem;
    }
}
