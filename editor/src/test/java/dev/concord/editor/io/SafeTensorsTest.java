package dev.concord.editor.io;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.concord.editor.EditorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SafeTensorsTest {

    @TempDir
    Path tmp;

    @Test
    void float32AndInt64RoundTripExactlyWithShapesAndMetadata() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray a = m.create(new float[]{1.5f, -2.25f, 3e-8f, 7f, 0f, -0f}, new Shape(2, 3));
            NDArray ids = m.create(new long[]{1L << 40, -3, 5}, new Shape(3));
            Path f = tmp.resolve("t.safetensors");
            SafeTensors.write(f, Map.of("w", a, "ids", ids), DataType.FLOAT32, Map.of("format", "pt"));
            Map<String, NDArray> back = SafeTensors.read(f, m);
            assertEquals(new Shape(2, 3), back.get("w").getShape());
            assertArrayEquals(a.toFloatArray(), back.get("w").toFloatArray());
            assertArrayEquals(new long[]{1L << 40, -3, 5}, back.get("ids").toLongArray());
            assertEquals("pt", SafeTensors.metadata(f).get("format"));
            assertEquals("F32", SafeTensors.describe(f).get("w").dtype());
        }
    }

    @Test
    void bfloat16RoundsToNearestEven() {
        // 1 + 2^-8 lies half-way between 1 and 1 + 2^-7: ties go to the even mantissa (1.0);
        // 1 + 3·2^-8 is half-way between 1 + 2^-7 and 1 + 2^-6: ties go to 1 + 2^-6 = 1.015625.
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray a = m.create(new float[]{1f, 1.00390625f, 1.01171875f, -3.140625f, 1e-3f});
            Path f = tmp.resolve("b.safetensors");
            SafeTensors.write(f, Map.of("a", a), DataType.BFLOAT16, Map.of());
            assertEquals("BF16", SafeTensors.describe(f).get("a").dtype());
            float[] back = SafeTensors.read(f, m).get("a").toFloatArray();
            assertArrayEquals(new float[]{1f, 1f, 1.015625f, -3.140625f, 0.00099945068359375f}, back, 0f);
            assertEquals(10L, Files.size(f) - 8 - headerBytes(f)); // 5 values x 2 bytes
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void float16IsWidenedExactly() throws IOException {
        // half bits: 0x3C00 = 1, 0xC000 = -2, 0x3555 = 0.33325195, 0x0001 = 2^-24 (smallest subnormal), 0x7BFF = 65504
        short[] halves = {0x3C00, (short) 0xC000, 0x3555, 0x0001, 0x7BFF};
        Path f = tmp.resolve("h.safetensors");
        String header = "{\"x\":{\"dtype\":\"F16\",\"shape\":[5],\"data_offsets\":[0,10]}}";
        ByteBuffer bb = ByteBuffer.allocate(8 + header.length() + 10).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(header.length()).put(header.getBytes(StandardCharsets.UTF_8));
        for (short h : halves) {
            bb.putShort(h);
        }
        Files.write(f, bb.array());
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            float[] v = SafeTensors.read(f, m).get("x").toFloatArray();
            assertArrayEquals(new float[]{1f, -2f, 0.33325195f, (float) Math.pow(2, -24), 65504f}, v, 0f);
        }
    }

    @Test
    void truncatedDataIsAClearError() throws IOException {
        String header = "{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
        ByteBuffer bb = ByteBuffer.allocate(8 + header.length() + 8).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(header.length()).put(header.getBytes(StandardCharsets.UTF_8));
        Path f = tmp.resolve("short.safetensors");
        Files.write(f, bb.array());
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            EditorException e = assertThrows(EditorException.class, () -> SafeTensors.read(f, m));
            assertTrue(e.getMessage().contains("expected 16 bytes"), e.getMessage());
        }
    }

    @Test
    void shardIndexNamingATensorItsShardLacksIsAClearError() throws IOException {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            SafeTensors.write(tmp.resolve("model-00001-of-00001.safetensors"), Map.of("a", m.ones(new Shape(2))));
            Files.writeString(tmp.resolve(SafeTensors.INDEX_FILE),
                    "{\"weight_map\":{\"a\":\"model-00001-of-00001.safetensors\",\"b\":\"model-00001-of-00001.safetensors\"}}");
            EditorException e = assertThrows(EditorException.class, () -> SafeTensors.readModel(tmp, m));
            assertTrue(e.getMessage().contains("lists b"), e.getMessage());
        }
    }

    @Test
    void inPlaceEditsOfLoadedWeightsDoNotTouchTheFile() throws IOException {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Path f = tmp.resolve("w.safetensors");
            SafeTensors.write(f, Map.of("w", m.ones(new Shape(3))));
            byte[] before = Files.readAllBytes(f);
            NDArray w = SafeTensors.read(f, m).get("w");
            w.addi(1f);
            assertArrayEquals(new float[]{2, 2, 2}, w.toFloatArray());
            assertArrayEquals(before, Files.readAllBytes(f));
        }
    }

    private static long headerBytes(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        return ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
