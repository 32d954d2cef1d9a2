package dev.concord.editor.edit;

import dev.concord.editor.EditMethod;
import dev.concord.editor.EditorException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HyperParamsTest {

    @Test
    void layersResolveIntegersRangesAndFractionsOfTheDepth() {
        HyperParams hp = new HyperParams(EditMethod.MEMIT, "t", Map.of("a", "3-5", "b", "d0.35", "c", "d0.27-d0.35",
                "d", "1,0,1", "e", "d1.0"));
        assertArrayEquals(new int[] {3, 4, 5}, hp.layers("a", 8));
        assertArrayEquals(new int[] {17}, hp.layers("b", 48));
        assertArrayEquals(new int[] {13, 14, 15, 16, 17}, hp.layers("c", 48));
        assertArrayEquals(new int[] {0, 1}, hp.layers("d", 4));
        assertArrayEquals(new int[] {3}, hp.layers("e", 4), "a fraction never passes the last layer");
        EditorException e = assertThrows(EditorException.class, () -> hp.layers("a", 4));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
    }

    @Test
    void everyMethodHasDefaultsForEveryProfile() {
        for (EditMethod m : EditMethod.values()) {
            for (String profile : new String[] {"demo", "gpt2", "gptj", "llama"}) {
                HyperParams hp = HyperParams.load(m, profile);
                assertTrue(hp.layers("layers", 48).length >= 1, m + "/" + profile);
            }
        }
        assertEquals(0.0625, HyperParams.load(EditMethod.ROME, "gpt2").number("kl_factor"));
    }

    @Test
    void overridesReplaceKnownKeysAndRejectTypos() {
        HyperParams hp = HyperParams.load(EditMethod.ROME, "gpt2").with(Map.of("v_steps", "3"));
        assertEquals(3, hp.integer("v_steps"));
        assertThrows(EditorException.class, () -> hp.with(Map.of("v_stepz", "3")));
        assertThrows(EditorException.class, () -> HyperParams.load(EditMethod.ROME, "bert"));
    }
}
