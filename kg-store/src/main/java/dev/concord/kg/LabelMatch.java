package dev.concord.kg;

/** An entity found by label search: its local name, the label that matched, and whether the match was exact. */
public record LabelMatch(String entity, String label, boolean exact) {
}
