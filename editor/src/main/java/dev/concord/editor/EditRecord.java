package dev.concord.editor;

import java.time.Instant;
import java.util.List;

/**
 * One entry of the model edit log: the caller's id (so a retried apply is not applied twice),
 * the method, the facts written, when, and whether it is still active (false once rolled back).
 * Its delta (low-rank factors, per-layer deltas or GRACE codebook entries) lives beside the log
 * on disk as safetensors.
 */
public record EditRecord(String id, EditMethod method, List<FactEdit> facts, Instant time, boolean active) {
    public EditRecord {
        if (id == null || id.isBlank()) {
            throw new EditorException("edit id must not be blank");
        }
        facts = List.copyOf(facts);
    }
}
