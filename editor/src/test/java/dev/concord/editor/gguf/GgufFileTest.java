package dev.concord.editor.gguf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.editor.EditorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GGUF reader against files and values written by gguf-py (llama.cpp's own Python package):
 * every metadata value type, alignment, and the dequantization of each supported tensor type
 * compared with gguf-py's {@code dequantize} (fixtures: src/test/python/make_gguf_fixtures.py).
 */
class GgufFileTest {

    static Path fixture(String name) {
        try {
            return Path.of(GgufFileTest.class.getResource("/fixtures/gguf/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    static JsonNode expected() throws IOException {
        return new ObjectMapper().readTree(fixture("types-expected.json").toFile());
    }

    @Test
    void readsEveryMetadataValueTypeAsGgufPyWroteIt() throws IOException {
        GgufFile g = GgufFile.open(fixture("types.gguf"));
        JsonNode meta = expected().get("metadata");
        assertEquals(3, g.version());
        for (var it = meta.fields(); it.hasNext(); ) {
            var e = it.next();
            Object got = g.metadata().get(e.getKey());
            assertTrue(got != null, "missing " + e.getKey());
            assertValue(e.getKey(), e.getValue().get("value"), got);
        }
        assertEquals(meta.size(), g.metadata().size());
        assertEquals(4, g.type("test.u32"));
        assertEquals(4_000_000_000L, g.integer("test.u32"));
        assertEquals(-9_000_000_000_000_000_000L, g.integer("test.i64"));
        assertEquals("Zürich ☃ 東京 🚀 \"quoted\"\ttab\nnew line", g.string("test.string"));
    }

    private static void assertValue(String key, JsonNode want, Object got) {
        if (want.isArray()) {
            List<?> list = (List<?>) got;
            assertEquals(want.size(), list.size(), key);
            for (int i = 0; i < want.size(); i++) {
                assertValue(key + "[" + i + "]", want.get(i), list.get(i));
            }
        } else if (want.isBoolean()) {
            assertEquals(want.asBoolean(), got, key);
        } else if (want.isTextual()) {
            assertEquals(want.asText(), got, key);
        } else if (want.isBigInteger()) {
            assertEquals(want.bigIntegerValue().longValue(), ((Number) got).longValue(), key); // u64 as two's complement
        } else if (want.isIntegralNumber()) {
            assertEquals(want.asLong(), ((Number) got).longValue(), key);
        } else if (got instanceof Float f) {
            assertEquals((float) want.asDouble(), f, key);
        } else {
            assertEquals(want.asDouble(), ((Number) got).doubleValue(), key);
        }
    }

    @Test
    void dequantizesEachTypeExactlyAsGgufPy() throws IOException {
        GgufFile g = GgufFile.open(fixture("types.gguf"));
        JsonNode tensors = expected().get("tensors");
        assertEquals(11, tensors.size());
        for (var it = tensors.fields(); it.hasNext(); ) {
            var e = it.next();
            GgufFile.TensorInfo t = g.tensor(e.getKey());
            assertEquals(e.getValue().get("type").asText(), t.type().name());
            assertArrayEquals(new long[]{e.getValue().get("shape").get(0).asLong(), e.getValue().get("shape").get(1).asLong()},
                    t.shape(), e.getKey());
            float[] got = g.floats(t);
            JsonNode want = e.getValue().get("values");
            assertEquals(want.size(), got.length);
            for (int i = 0; i < got.length; i++) {
                assertEquals((float) want.get(i).asDouble(), got[i], 0f, e.getKey() + " value " + i);
            }
        }
    }

    @Test
    void honoursGeneralAlignment() throws IOException {
        GgufFile g = GgufFile.open(fixture("aligned64.gguf"));
        assertEquals(64, g.alignment());
        assertEquals(0, g.dataStart() % 64);
        JsonNode want = expected().get("aligned64").get("tensors");
        for (var it = want.fields(); it.hasNext(); ) {
            var e = it.next();
            float[] got = g.floats(e.getKey());
            for (int i = 0; i < got.length; i++) {
                assertEquals((float) e.getValue().get("values").get(i).asDouble(), got[i], 0f, e.getKey() + " " + i);
            }
        }
    }

    @Test
    void halfPrecisionConversionsAgreeWithIeee() {
        for (int bits = 0; bits < 65536; bits++) {
            float f = Dequantizer.halfToFloat(bits);
            if (Float.isNaN(f)) {
                continue;
            }
            assertEquals(bits, Dequantizer.floatToHalf(f) & 0xFFFF, "half " + Integer.toHexString(bits));
        }
        assertEquals(0x3C00, Dequantizer.floatToHalf(1.0f) & 0xFFFF);
        assertEquals(0x7C00, Dequantizer.floatToHalf(1e6f) & 0xFFFF);      // overflow to infinity
        assertEquals(0x3C00, Dequantizer.floatToHalf(1.0f + 0x1p-12f) & 0xFFFF); // halfway rounds to even
    }

    // ---- corrupt input: every case a clear error naming the file ---------------------------------

    private static String failure(Path file) {
        EditorException e = assertThrows(EditorException.class, () -> GgufFile.open(file).floats("q8_0"));
        assertTrue(e.getMessage().contains(file.toString()), "message names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void refusesAWrongMagic(@TempDir Path dir) throws IOException {
        byte[] b = Files.readAllBytes(fixture("types.gguf"));
        b[0] = 'X';
        Path f = Files.write(dir.resolve("bad-magic.gguf"), b);
        assertTrue(failure(f).contains("expected magic 'GGUF' but found 'XGUF'"));
    }

    @Test
    void refusesAnUnsupportedVersion(@TempDir Path dir) throws IOException {
        byte[] b = Files.readAllBytes(fixture("types.gguf"));
        b[4] = 9;
        Path f = Files.write(dir.resolve("v9.gguf"), b);
        assertTrue(failure(f).contains("version 9; expected 2 or 3"));
    }

    @Test
    void refusesATruncatedHeader(@TempDir Path dir) throws IOException {
        byte[] b = Files.readAllBytes(fixture("types.gguf"));
        Path f = Files.write(dir.resolve("short.gguf"), Arrays.copyOf(b, 200));
        String m = failure(f);
        assertTrue(m.contains("truncated or corrupt"), m);
    }

    @Test
    void refusesTensorDataBeyondTheEnd(@TempDir Path dir) throws IOException {
        byte[] b = Files.readAllBytes(fixture("types.gguf"));
        Path f = Files.write(dir.resolve("cut.gguf"), Arrays.copyOf(b, b.length - 100));
        String m = failure(f);
        assertTrue(m.contains("but the file ends at " + (b.length - 100)), m);
    }

    @Test
    void refusesAnUnsupportedTensorTypeNamingTensorAndType(@TempDir Path dir) throws IOException {
        // a Q2_K tensor (ggml type 10) written by this project's writer: readable header, refused data
        ByteBuffer data = ByteBuffer.allocate(GgmlType.Q2_K.blockBytes()).order(ByteOrder.LITTLE_ENDIAN);
        Path f = dir.resolve("q2k.gguf");
        new GgufWriter().putString("general.architecture", "llama")
                .addRaw("blk.0.ffn_down.weight", new long[]{256, 1}, GgmlType.Q2_K, data).write(f);
        GgufFile g = GgufFile.open(f);
        EditorException e = assertThrows(EditorException.class, () -> g.floats("blk.0.ffn_down.weight"));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("blk.0.ffn_down.weight")
                && e.getMessage().contains("Q2_K"), e.getMessage());
    }

    @Test
    void writerRoundTripsMetadataAndTensorsThroughTheReader(@TempDir Path dir) {
        GgufFile src = GgufFile.open(fixture("types.gguf"));
        Path out = dir.resolve("copy.gguf");
        GgufWriter w = new GgufWriter().copyMetadata(src);
        for (GgufFile.TensorInfo t : src.tensors().values()) {
            w.addRaw(t.name(), t.dims(), t.type(), src.raw(t));
        }
        w.write(out);
        GgufFile copy = GgufFile.open(out);
        assertEquals(src.metadata().keySet(), copy.metadata().keySet());
        for (Map.Entry<String, Object> e : src.metadata().entrySet()) {
            assertEquals(e.getValue(), copy.metadata().get(e.getKey()), e.getKey());
            assertEquals(src.type(e.getKey()), copy.type(e.getKey()), e.getKey());
        }
        for (GgufFile.TensorInfo t : src.tensors().values()) {
            assertArrayEquals(src.floats(t), copy.floats(t.name()), t.name());
        }
        assertTrue(Files.exists(out) && !Files.exists(dir.resolve("copy.gguf.partial")));
    }
}
