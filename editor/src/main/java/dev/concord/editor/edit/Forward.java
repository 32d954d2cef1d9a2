package dev.concord.editor.edit;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.concord.editor.EditorException;
import dev.concord.editor.LanguageModel;
import dev.concord.editor.MlpHook;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Batched forward passes over token rows of different lengths, and reading keys/values. */
public final class Forward {
    private Forward() {
    }

    /** Right-pads the rows into one (B, T) int64 array; padding uses id 0 and is masked by the model. */
    public static NDArray ids(NDManager manager, List<long[]> rows) {
        if (rows.isEmpty()) {
            throw new EditorException("expected at least one token row, found none");
        }
        int t = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        if (t == 0) {
            throw new EditorException("expected non-empty token rows, found only empty ones");
        }
        long[] flat = new long[rows.size() * t];
        for (int b = 0; b < rows.size(); b++) {
            System.arraycopy(rows.get(b), 0, flat, b * t, rows.get(b).length);
        }
        return manager.create(flat, new Shape(rows.size(), t));
    }

    /** Logits (B, T, V) of the padded rows, with hooks (may be empty). */
    public static NDArray logits(LanguageModel model, NDManager manager, List<long[]> rows,
                                 Map<Integer, MlpHook> hooks) {
        NDArray ids = ids(manager, rows);
        long[] lengths = rows.stream().mapToLong(r -> r.length).toArray();
        boolean ragged = false;
        for (long l : lengths) {
            ragged |= l != lengths[0];
        }
        return ragged ? model.forward(manager, ids, lengths, hooks) : model.forward(manager, ids, hooks);
    }

    /** Keys (input of the MLP output projection) at {@code positions[b]} of row b, as (B, dInner) floats. */
    public static float[][] keysAt(LanguageModel model, List<long[]> rows, int[] positions, int layer,
                                   Map<Integer, MlpHook> hooks) {
        return capture(model, rows, positions, layer, hooks)[0];
    }

    /**
     * Keys and values at {@code positions[b]} of row b at {@code layer}, read after the given
     * hooks ran (the value seen is what enters the residual stream). Returns {keys, values}.
     */
    public static float[][][] capture(LanguageModel model, List<long[]> rows, int[] positions, int layer,
                                      Map<Integer, MlpHook> hooks) {
        return captureLayers(model, rows, positions, new int[] {layer}, hooks).get(layer);
    }

    /**
     * Keys and values at {@code positions[b]} of row b for each of {@code layers}, in one forward
     * pass, read after the given hooks ran. Returns layer -> {keys (B, dInner), values (B, d)}.
     */
    public static Map<Integer, float[][][]> captureLayers(LanguageModel model, List<long[]> rows, int[] positions,
                                                          int[] layers, Map<Integer, MlpHook> hooks) {
        Map<Integer, float[][][]> out = new HashMap<>();
        Map<Integer, MlpHook> readers = new HashMap<>();
        for (int layer : layers) {
            float[][] keys = new float[rows.size()][];
            float[][] values = new float[rows.size()][];
            out.put(layer, new float[][][] {keys, values});
            readers.put(layer, (l, key, value) -> {
                for (int b = 0; b < rows.size(); b++) {
                    keys[b] = key.get(b, positions[b]).toType(DataType.FLOAT32, false).toFloatArray();
                    values[b] = value.get(b, positions[b]).toType(DataType.FLOAT32, false).toFloatArray();
                }
                return value;
            });
        }
        try (NDManager scope = newManager(model)) {
            logits(model, scope, rows, merge(hooks, readers));
        }
        return out;
    }

    /** A new base manager on the model's device ("cpu()" or "gpu(0)"); the caller closes it. */
    public static NDManager newManager(LanguageModel model) {
        return model.newManager();
    }

    /** Parses the runtime's device string ("cpu", "cpu()", "gpu(1)", "cuda:0"). */
    public static Device device(String name) {
        String n = name == null ? "cpu" : name.trim().toLowerCase(java.util.Locale.ROOT);
        if (n.startsWith("gpu") || n.startsWith("cuda")) {
            String digits = n.replaceAll("[^0-9]", "");
            return Device.gpu(digits.isEmpty() ? 0 : Integer.parseInt(digits));
        }
        return Device.cpu();
    }

    /** Runs {@code first} then {@code second} on its result. */
    public static MlpHook then(MlpHook first, MlpHook second) {
        return (layer, key, value) -> second.apply(layer, key, first.apply(layer, key, value));
    }

    /** Merges hook maps: for a layer in both, {@code first} runs before {@code second}. */
    public static Map<Integer, MlpHook> merge(Map<Integer, MlpHook> first, Map<Integer, MlpHook> second) {
        Map<Integer, MlpHook> out = new HashMap<>(first == null ? Map.of() : first);
        if (second != null) {
            second.forEach((layer, hook) -> out.merge(layer, hook, Forward::then));
        }
        return out;
    }
}
