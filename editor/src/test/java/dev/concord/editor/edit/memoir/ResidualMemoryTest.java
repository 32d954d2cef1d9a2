package dev.concord.editor.edit.memoir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.editor.EditorException;
import dev.concord.editor.edit.EditDelta;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MEMOIR's routing (masks, overlaps, routes, hooked outputs) against numpy (fixtures/linalg/memoir.json). */
class ResidualMemoryTest {

    private static JsonNode fixture() throws IOException {
        try (InputStream in = ResidualMemoryTest.class.getResourceAsStream("/fixtures/linalg/memoir.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static float[] floats(JsonNode a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) a.get(i).asDouble();
        }
        return out;
    }

    private static ResidualMemory memory(NDManager m, JsonNode f) {
        int n = f.get("n").asInt();
        int di = f.get("di").asInt();
        int d = f.get("d").asInt();
        ResidualMemory mem = new ResidualMemory(3);
        mem.add(new EditDelta.Memory(3, m.create(floats(f.get("keys")), new Shape(n, di)),
                m.create(floats(f.get("shifts")), new Shape(n, d)), m.create(floats(f.get("scale"))),
                f.get("k").asInt(), f.get("threshold").asDouble()));
        return mem;
    }

    @Test
    void masksOverlapsRoutesAndOutputsMatchNumpy() throws IOException {
        JsonNode f = fixture();
        int n = f.get("n").asInt();
        int di = f.get("di").asInt();
        int d = f.get("d").asInt();
        int k = f.get("k").asInt();
        float[] q = floats(f.get("queries"));
        int r = q.length / di;
        try (NDManager m = NDManager.newBaseManager()) {
            ResidualMemory mem = memory(m, f);
            NDArray queries = m.create(q, new Shape(r, di));
            NDArray scale = m.create(floats(f.get("scale")));
            assertArrayEquals(floats(f.get("masks")), ResidualMemory.masks(queries, scale, k).toFloatArray());
            NDArray entryMasks = ResidualMemory.masks(m.create(floats(f.get("keys")), new Shape(n, di)), scale, k);
            assertArrayEquals(floats(f.get("overlap")),
                    ResidualMemory.overlap(ResidualMemory.masks(queries, scale, k), entryMasks.transpose(), k).toFloatArray(),
                    1e-6f);
            int[] want = new int[r];
            for (int i = 0; i < r; i++) {
                want[i] = f.get("route").get(i).asInt();
            }
            assertArrayEquals(want, mem.route(queries));
            assertTrue(java.util.Arrays.stream(want).anyMatch(x -> x < 0) && java.util.Arrays.stream(want).anyMatch(x -> x >= 0),
                    "the fixture routes some queries and not others");
            NDArray values = m.create(floats(f.get("values")), new Shape(1, r, d));
            float[] got = mem.apply(3, queries.reshape(1, r, di), values).toFloatArray();
            assertArrayEquals(floats(f.get("out")), got, 1e-5f);
            // an unrouted position comes back bit-identical
            float[] v = values.toFloatArray();
            for (int i = 0; i < r; i++) {
                if (want[i] < 0) {
                    for (int j = 0; j < d; j++) {
                        assertEquals(Float.floatToIntBits(v[i * d + j]), Float.floatToIntBits(got[i * d + j]));
                    }
                }
            }
            mem.close();
        }
    }

    @Test
    void refusesEntriesOfAnotherLayerAndBadSettings() throws IOException {
        JsonNode f = fixture();
        try (NDManager m = NDManager.newBaseManager()) {
            ResidualMemory other = new ResidualMemory(4);
            EditorException e = assertThrows(EditorException.class, () -> other.add(new EditDelta.Memory(3,
                    m.zeros(new Shape(1, 8)), m.zeros(new Shape(1, 2)), m.ones(new Shape(8)), 2, 0.5)));
            assertEquals("expected memory entries of layer 4, found layer 3", e.getMessage());
            e = assertThrows(EditorException.class, () -> new EditDelta.Memory(3,
                    m.zeros(new Shape(1, 8)), m.zeros(new Shape(1, 2)), m.ones(new Shape(8)), 9, 0.5));
            assertEquals("expected a mask size in [1, 8], found 9", e.getMessage());
            e = assertThrows(EditorException.class, () -> new EditDelta.Memory(3,
                    m.zeros(new Shape(1, 8)), m.zeros(new Shape(1, 2)), m.ones(new Shape(8)), 2, 0));
            assertEquals("expected a routing threshold in (0, 1], found 0.0", e.getMessage());
            assertTrue(memory(m, f).size() > 0);
        }
    }
}
