package dev.concord.editor.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.editor.EditMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalReportTest {
    static final List<EvalRow> ROWS = List.of(
            new EvalRow(EditMethod.ROME, 1, false, 20, 1.0, 0.85, 0.97, 0.1, 0.9, 1.2),
            new EvalRow(EditMethod.GRACE, 100, false, 100, 1.0, 0.2, 1.0, Double.NaN, 1.0, 0.4));

    @Test
    void tableJsonAndChartCarryTheRows(@TempDir Path tmp) throws Exception {
        String table = EvalReport.table("m", ROWS);
        assertTrue(table.contains("ROME") && table.contains("0.850") && table.contains("n/a"), table);
        EvalReport.writeJson(tmp.resolve("e.json"), "m", ROWS);
        JsonNode root = new ObjectMapper().readTree(tmp.resolve("e.json").toFile());
        assertEquals(2, root.path("rows").size());
        assertEquals(0.97, root.path("rows").get(0).path("locality").asDouble(), 1e-12);
        assertTrue(root.path("rows").get(1).path("portability").isNull());
        EvalReport.writeChart(tmp.resolve("e.png"), "title", ROWS);
        BufferedImage img = ImageIO.read(tmp.resolve("e.png").toFile());
        assertNotNull(img);
        assertTrue(img.getWidth() >= 640 && img.getHeight() == 420);
    }

    @Test
    void agreementCountsEqualPositions() {
        assertEquals(2.0 / 3, Metrics.agreement(new long[] {1, 2, 3}, new long[] {1, 5, 3}), 1e-12);
        assertEquals(1.0, Metrics.agreement(new long[0], new long[0]));
    }
}
