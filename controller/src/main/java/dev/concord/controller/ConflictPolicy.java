package dev.concord.controller;

import java.util.Locale;

/** What happens to an assertion with a conflict (concord.conflict-policy). */
public enum ConflictPolicy {
    /** An admin approves or rejects it (default). */
    REVIEW,
    /** It is applied and displaces what it conflicts with (OneEdit's behaviour). POLICY conflicts still go to review. */
    LATEST_WINS,
    /** It is rejected at once. */
    REJECT;

    public static ConflictPolicy parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "review" -> REVIEW;
            case "latest-wins", "latest_wins" -> LATEST_WINS;
            case "reject" -> REJECT;
            default -> throw ControllerException.badInput(
                    "concord.conflict-policy must be review, latest-wins or reject, found '" + value + "'");
        };
    }
}
