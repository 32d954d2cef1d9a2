package dev.concord.editor.edit.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.editor.EditorException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** AlphaEdit's null-space projector against numpy.linalg.eigh (fixtures/linalg, make_linalg_fixtures.py). */
class NullSpaceTest {

    private static JsonNode fixture() throws IOException {
        try (InputStream in = NullSpaceTest.class.getResourceAsStream("/fixtures/linalg/nullspace.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    @Test
    void projectorMatchesNumpyForBothThresholds() throws IOException {
        JsonNode f = fixture();
        int n = f.get("n").asInt();
        double[] c = doubles(f.get("c"));
        for (JsonNode cs : f.get("cases")) {
            NullSpace.Result r = NullSpace.projector(c, n, cs.get("threshold").asDouble());
            assertEquals(cs.get("dimension").asInt(), r.dimension(), "kept eigenvectors at " + cs.get("threshold"));
            double[] want = doubles(cs.get("projector"));
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], r.projector()[i], 1e-9, "P[" + i / n + "][" + i % n + "]");
            }
        }
    }

    @Test
    void projectedKeysOfTheCovarianceAreNearlyUntouched() throws IOException {
        JsonNode f = fixture();
        int n = f.get("n").asInt();
        double[] c = doubles(f.get("c"));
        double[] p = NullSpace.projector(c, n, 0.02).projector();
        // ‖P C‖ / ‖C‖ is small: what C spans (the preserved keys) is projected away
        double pc = 0;
        double cc = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += p[i * n + k] * c[k * n + j];
                }
                pc += s * s;
                cc += c[i * n + j] * c[i * n + j];
            }
        }
        assertEquals(0, Math.sqrt(pc / cc), 1e-4);
    }

    @Test
    void refusesAMatrixOfTheWrongSize() {
        EditorException e = assertThrows(EditorException.class, () -> NullSpace.projector(new double[5], 2, 0.1));
        assertEquals("expected a 2 x 2 matrix, found 5 values", e.getMessage());
    }
}
