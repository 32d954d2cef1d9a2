package dev.concord.controller;

import java.util.List;

/**
 * What an edit's model step changed where a user would look: the model's greedy answers before and
 * after the edit for the edit's own prompt (EDIT), other phrasings of the relation that did not write
 * the edit (PHRASING: its other templates and alternative labels), and unrelated graph facts
 * (UNRELATED), each with whether the answer contains the expected object.
 */
public record ModelCheck(String method, List<Probe> probes) {

    public enum Kind { EDIT, PHRASING, UNRELATED }

    public record Probe(Kind kind, String prompt, String expected, String before, String after, boolean heldBefore,
                        boolean holdsAfter) {
    }
}
