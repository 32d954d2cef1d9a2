package dev.concord.editor.edit;

import dev.concord.editor.FactEdit;

import java.util.List;

/**
 * One editing method: computes the deltas that write the facts into the model as it is now
 * (ctx.model(), standing hooks included). It must not change the model: the caller persists the
 * deltas, then applies them.
 */
public interface EditAlgorithm {
    List<EditDelta> compute(EditContext ctx, List<FactEdit> facts);
}
