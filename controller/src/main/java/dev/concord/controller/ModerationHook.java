package dev.concord.controller;

import java.util.Optional;

/**
 * A pluggable content check: any CDI bean implementing this is asked about every assertion
 * (after the configured word and pattern lists). Return a reason to flag it as a POLICY conflict.
 */
public interface ModerationHook {
    Optional<String> flag(EditRequest request);
}
