package dev.concord.editor.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.concord.editor.EditorException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads and writes the safetensors format (an 8-byte little-endian header length, a JSON header
 * {@code name -> {dtype, shape, data_offsets}} with an optional {@code __metadata__}, then the raw
 * little-endian tensor bytes), as Hugging Face checkpoints use it.
 *
 * <p>Reading: F32, F16, BF16, F64, I64, I32, I8, U8 and BOOL. Floating-point tensors are returned as
 * float32 (F16 and BF16 are widened exactly; F64 is narrowed): the runtime computes in float32.
 * Files are memory-mapped per tensor, so checkpoints larger than 2 GiB work. Writing: float32 or
 * bfloat16 (round to nearest even) for floating-point arrays; int64 and int32 arrays keep their type.
 * Writes go to a temporary file that is then renamed, so a crash never leaves half a file.
 */
public final class SafeTensors {

    /** The index file of a sharded checkpoint. */
    public static final String INDEX_FILE = "model.safetensors.index.json";
    public static final String SINGLE_FILE = "model.safetensors";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private SafeTensors() {
    }

    /** The dtype and shape of one stored tensor, without its data. */
    public record TensorInfo(String dtype, long[] shape) {
    }

    /**
     * Reads a model folder's weights: {@code model.safetensors}, or every shard that
     * {@code model.safetensors.index.json} names. Arrays are created by {@code manager}.
     */
    public static Map<String, NDArray> readModel(Path dir, NDManager manager) {
        Path index = dir.resolve(INDEX_FILE);
        Path single = dir.resolve(SINGLE_FILE);
        if (Files.isRegularFile(single)) {
            return read(single, manager);
        }
        if (!Files.isRegularFile(index)) {
            throw new EditorException("expected " + SINGLE_FILE + " or " + INDEX_FILE + " in " + dir
                    + " but found neither");
        }
        JsonNode weightMap;
        try {
            weightMap = JSON.readTree(index.toFile()).get("weight_map");
        } catch (IOException e) {
            throw new EditorException("cannot read " + index + ": " + e.getMessage(), e);
        }
        if (weightMap == null || !weightMap.isObject()) {
            throw new EditorException("expected a weight_map object in " + index + " but found none");
        }
        TreeSet<String> shards = new TreeSet<>();
        weightMap.fields().forEachRemaining(e -> shards.add(e.getValue().asText()));
        Map<String, NDArray> all = new LinkedHashMap<>();
        for (String shard : shards) {
            Path file = dir.resolve(shard).normalize();
            if (!file.startsWith(dir.normalize())) {
                throw new EditorException("shard name '" + shard + "' in " + index + " leaves the model folder");
            }
            all.putAll(read(file, manager));
        }
        for (Iterator<String> it = weightMap.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!all.containsKey(name)) {
                throw new EditorException(INDEX_FILE + " lists " + name + " in "
                        + weightMap.get(name).asText() + " but that shard does not hold it");
            }
        }
        return all;
    }

    /** Reads every tensor of one safetensors file. */
    public static Map<String, NDArray> read(Path file, NDManager manager) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header = readHeader(ch, file);
            for (Map.Entry<String, Entry> e : header.entries.entrySet()) {
                Entry t = e.getValue();
                long length = t.end - t.begin;
                ByteBuffer raw = length == 0 ? ByteBuffer.allocateDirect(0)
                        : ch.map(FileChannel.MapMode.READ_ONLY, header.dataStart + t.begin, length);
                raw.order(ByteOrder.LITTLE_ENDIAN);
                out.put(e.getKey(), toArray(manager, raw, t, e.getKey(), file));
            }
        } catch (IOException e) {
            throw new EditorException("cannot read safetensors file " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The names, dtypes and shapes stored in one file (reads only the header). */
    public static Map<String, TensorInfo> describe(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Map<String, TensorInfo> out = new LinkedHashMap<>();
            readHeader(ch, file).entries.forEach((k, v) -> out.put(k, new TensorInfo(v.dtype, v.shape)));
            return out;
        } catch (IOException e) {
            throw new EditorException("cannot read safetensors file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The {@code __metadata__} strings of one file (empty when it has none). */
    public static Map<String, String> metadata(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(ch, file).metadata;
        } catch (IOException e) {
            throw new EditorException("cannot read safetensors file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes tensors as float32 (floating point) or their own integer type; no metadata. */
    public static void write(Path file, Map<String, NDArray> tensors) {
        write(file, tensors, DataType.FLOAT32, Map.of());
    }

    /**
     * Writes tensors; floating-point arrays are stored as {@code floatType} (FLOAT32 or BFLOAT16),
     * integer arrays (INT64, INT32) as they are. Names are written in sorted order.
     */
    public static void write(Path file, Map<String, NDArray> tensors, DataType floatType, Map<String, String> metadata) {
        if (floatType != DataType.FLOAT32 && floatType != DataType.BFLOAT16) {
            throw new EditorException("expected FLOAT32 or BFLOAT16 as the stored float type but found " + floatType);
        }
        TreeMap<String, NDArray> sorted = new TreeMap<>(tensors);
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            new TreeMap<>(metadata).forEach(meta::put);
        }
        Map<String, byte[]> payloads = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, NDArray> e : sorted.entrySet()) {
            String name = e.getKey();
            if (name.equals("__metadata__")) {
                throw new EditorException("tensor name __metadata__ is reserved");
            }
            NDArray array = e.getValue();
            DataType type = array.getDataType();
            String dtype;
            byte[] bytes;
            if (type.isFloating()) {
                float[] values = array.toType(DataType.FLOAT32, false).toFloatArray();
                if (floatType == DataType.FLOAT32) {
                    ByteBuffer bb = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                    bb.asFloatBuffer().put(values);
                    bytes = bb.array();
                    dtype = "F32";
                } else {
                    ByteBuffer bb = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                    for (float v : values) {
                        bb.putShort(floatToBf16(v));
                    }
                    bytes = bb.array();
                    dtype = "BF16";
                }
            } else if (type == DataType.INT64) {
                long[] values = array.toLongArray();
                ByteBuffer bb = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
                bb.asLongBuffer().put(values);
                bytes = bb.array();
                dtype = "I64";
            } else if (type == DataType.INT32) {
                int[] values = array.toIntArray();
                ByteBuffer bb = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                bb.asIntBuffer().put(values);
                bytes = bb.array();
                dtype = "I32";
            } else {
                throw new EditorException("tensor " + name + ": expected a float, int64 or int32 array but found " + type);
            }
            ObjectNode entry = header.putObject(name);
            entry.put("dtype", dtype);
            var shape = entry.putArray("shape");
            for (long d : array.getShape().getShape()) {
                shape.add(d);
            }
            var offsets = entry.putArray("data_offsets");
            offsets.add(offset);
            offsets.add(offset + bytes.length);
            offset += bytes.length;
            payloads.put(name, bytes);
        }
        byte[] headerBytes;
        try {
            headerBytes = JSON.writeValueAsBytes(header);
        } catch (IOException e) {
            throw new EditorException("cannot encode safetensors header: " + e.getMessage(), e);
        }
        // Pad the header with spaces to a multiple of 8 so the data section is aligned.
        int padded = (headerBytes.length + 7) / 8 * 8;
        byte[] headerPadded = new byte[padded];
        System.arraycopy(headerBytes, 0, headerPadded, 0, headerBytes.length);
        for (int i = headerBytes.length; i < padded; i++) {
            headerPadded[i] = ' ';
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
                out.write(len.array());
                out.write(headerPadded);
                for (byte[] p : payloads.values()) {
                    out.write(p);
                }
            }
            readableByAll(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new EditorException("cannot write safetensors file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Temporary files are created owner-only; a model file is meant to be read by other users too (rw-r--r--). */
    public static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its defaults apply
        }
    }

    /** bfloat16 bits of a float, rounding to nearest even (NaN stays NaN). */
    public static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** IEEE 754 half-precision bits to float (exact). */
    public static float f16ToFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h >>> 15) & 1;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        float value;
        if (exp == 0) {
            value = (float) (mant * Math.pow(2, -24));
        } else if (exp == 31) {
            value = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            value = Float.intBitsToFloat(((exp - 15 + 127) << 23) | (mant << 13));
        }
        return sign == 1 ? -value : value;
    }

    private record Entry(String dtype, long[] shape, long begin, long end) {
    }

    private record Header(Map<String, Entry> entries, Map<String, String> metadata, long dataStart) {
    }

    private static Header readHeader(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new EditorException("expected a safetensors file of at least 8 bytes but " + file + " has " + size);
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0);
        long headerLen = lenBuf.getLong(0);
        if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
            throw new EditorException("expected a safetensors header length between 1 and " + (size - 8)
                    + " bytes but " + file + " declares " + headerLen);
        }
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        readFully(ch, hb, 8);
        JsonNode root;
        try {
            root = JSON.readTree(new String(hb.array(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EditorException("safetensors header of " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        long dataStart = 8 + headerLen;
        long dataSize = size - dataStart;
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("__metadata__")) {
                f.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            JsonNode n = f.getValue();
            String dtype = n.path("dtype").asText();
            JsonNode shapeNode = n.path("shape");
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong();
            }
            long begin = n.path("data_offsets").path(0).asLong(-1);
            long end = n.path("data_offsets").path(1).asLong(-1);
            long count = 1;
            for (long d : shape) {
                count *= d;
            }
            long expected = count * bytesPer(dtype, f.getKey(), file);
            if (begin < 0 || end < begin || end > dataSize || end - begin != expected) {
                throw new EditorException("tensor " + f.getKey() + " in " + file + ": expected " + expected
                        + " bytes for " + dtype + " " + List.of(box(shape)) + " inside a data section of " + dataSize
                        + " bytes but found offsets [" + begin + ", " + end + "]");
            }
            entries.put(f.getKey(), new Entry(dtype, shape, begin, end));
        }
        return new Header(entries, metadata, dataStart);
    }

    private static Long[] box(long[] a) {
        Long[] b = new Long[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i];
        }
        return b;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    private static int bytesPer(String dtype, String name, Path file) {
        return switch (dtype) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "F16", "BF16", "I16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> throw new EditorException("tensor " + name + " in " + file
                    + ": expected dtype F32, F16, BF16, F64, I64, I32, I16, I8, U8 or BOOL but found " + dtype);
        };
    }

    private static NDArray toArray(NDManager manager, ByteBuffer raw, Entry t, String name, Path file) {
        Shape shape = new Shape(t.shape);
        int count = Math.toIntExact(shape.size());
        switch (t.dtype) {
            case "F32" -> {
                ByteBuffer direct = raw.isDirect() ? raw : copyDirect(raw);
                return owned(manager, direct.order(ByteOrder.LITTLE_ENDIAN), shape, DataType.FLOAT32);
            }
            case "BF16", "F16" -> {
                boolean bf = t.dtype.equals("BF16");
                ByteBuffer out = ByteBuffer.allocateDirect(count * 4).order(ByteOrder.nativeOrder());
                for (int i = 0; i < count; i++) {
                    short s = raw.getShort(i * 2);
                    out.putFloat(bf ? bf16ToFloat(s) : f16ToFloat(s));
                }
                out.flip();
                return owned(manager, out, shape, DataType.FLOAT32);
            }
            case "F64" -> {
                ByteBuffer out = ByteBuffer.allocateDirect(count * 4).order(ByteOrder.nativeOrder());
                for (int i = 0; i < count; i++) {
                    out.putFloat((float) raw.getDouble(i * 8));
                }
                out.flip();
                return owned(manager, out, shape, DataType.FLOAT32);
            }
            case "I64" -> {
                long[] v = new long[count];
                raw.asLongBuffer().get(v);
                return manager.create(v, shape);
            }
            case "I32" -> {
                int[] v = new int[count];
                raw.asIntBuffer().get(v);
                return manager.create(v, shape);
            }
            case "I16" -> {
                int[] v = new int[count];
                for (int i = 0; i < count; i++) {
                    v[i] = raw.getShort(i * 2);
                }
                return manager.create(v, shape);
            }
            case "I8", "U8", "BOOL" -> {
                int[] v = new int[count];
                for (int i = 0; i < count; i++) {
                    byte b = raw.get(i);
                    v[i] = t.dtype.equals("I8") ? b : (b & 0xFF);
                }
                NDArray a = manager.create(v, shape);
                return t.dtype.equals("BOOL") ? a.toType(DataType.BOOLEAN, false) : a;
            }
            default -> throw new EditorException("tensor " + name + " in " + file + ": unsupported dtype " + t.dtype);
        }
    }

    /**
     * The engine may wrap a direct buffer without copying it (a memory-mapped, read-only file here):
     * copy into engine-owned memory so in-place edits of the weights are safe.
     */
    private static NDArray owned(NDManager manager, ByteBuffer data, Shape shape, DataType type) {
        try (NDArray wrapped = manager.create(data, shape, type)) {
            return wrapped.duplicate();
        }
    }

    private static ByteBuffer copyDirect(ByteBuffer raw) {
        ByteBuffer d = ByteBuffer.allocateDirect(raw.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        d.put(raw.duplicate());
        d.flip();
        return d;
    }
}
