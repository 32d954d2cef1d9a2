package dev.concord.editor.edit;

import ai.djl.ndarray.NDManager;
import dev.concord.editor.MlpHook;
import dev.concord.editor.edit.stats.LayerStats;

import java.util.Map;
import java.util.function.Consumer;

/**
 * What an editing method computes against: the edited model (standing hooks included), the
 * method's hyperparameters, the covariance statistics, the context prefixes for key averaging,
 * the manager the resulting deltas belong to, a progress sink, and the deltas of the edits
 * active before this one (in log order; AlphaEdit reads the keys they preserve).
 */
public record EditContext(EditedModel model, HyperParams params, LayerStats stats, ContextPrefixes prefixes,
                          NDManager resultManager, Consumer<String> progress, java.util.List<EditDelta> standing) {

    public EditContext {
        standing = standing == null ? java.util.List.of() : java.util.List.copyOf(standing);
    }


    /** Hooks that add pending weight deltas (already computed for earlier facts of this edit). */
    public static MlpHook weightDeltaHook(EditDelta delta) {
        if (delta instanceof EditDelta.LowRank lr) {
            return (layer, key, value) -> value.add(
                    key.matMul(lr.right().toType(key.getDataType(), false))
                            .matMul(lr.left().transpose().toType(key.getDataType(), false)));
        }
        if (delta instanceof EditDelta.Dense d) {
            return (layer, key, value) -> value.add(
                    key.matMul(d.delta().transpose().toType(key.getDataType(), false)));
        }
        throw new IllegalArgumentException("a codebook is not a weight delta");
    }

    /** Hooks by layer for a set of pending weight deltas. */
    public static Map<Integer, MlpHook> pendingHooks(Iterable<EditDelta> pending) {
        Map<Integer, MlpHook> hooks = new java.util.HashMap<>();
        for (EditDelta d : pending) {
            hooks.merge(d.layer(), weightDeltaHook(d), Forward::then);
        }
        return hooks;
    }
}
