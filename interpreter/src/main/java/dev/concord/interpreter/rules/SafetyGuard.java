package dev.concord.interpreter.rules;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks run before any interpretation, by every interpreter: text that is too long, that
 * carries instructions to the system rather than facts, or that asks to remove facts without
 * naming them, is answered with UNKNOWN and a note, never parsed.
 */
public final class SafetyGuard {

    /** Longer texts are not interpreted. */
    public static final int MAX_CHARS = 1000;

    private static final Pattern INSTRUCTION = Pattern.compile(
            "\\b(?:ignore|disregard|forget|override|bypass)\\s+(?:all\\s+|any\\s+|the\\s+|your\\s+|my\\s+|these\\s+|those\\s+)*"
                    + "(?:previous|prior|above|earlier|preceding|former|system|original|safety)?\\s*"
                    + "(?:instructions?|prompts?|rules?|guidelines?|directions?|constraints?|commands?)\\b"
                    + "|\\bsystem\\s+prompt\\b|\\byou\\s+are\\s+now\\b|\\byou\\s+are\\s+an?\\s+(?:[a-z-]+\\s+){0,3}(?:assistant|ai|bot|chatbot|model|agent)\\b"
                    + "|\\b(?:no|without(?:\\s+any)?)\\s+(?:restrictions|limits|filters|rules)\\b|\\bact\\s+as\\b|\\bpretend\\s+(?:to\\s+be|you)\\b"
                    + "|\\bnew\\s+instructions?\\b|\\bjailbreak\\b|\\bdeveloper\\s+mode\\b|\\bdrop\\s+table\\b|<\\s*script"
                    + "|\\brole\\s*play\\b|\\bas\\s+an\\s+ai\\b|\\bdo\\s+anything\\s+now\\b|\\binstead\\s*,?\\s+(?:delete|remove|erase)\\b"
                    + "|\\b(?:delete|remove|erase|wipe|forget|drop|clear|purge|destroy|reset)\\s+(?:out\\s+)?(?:all|every|each|the\\s+(?:whole|entire))\\b"
                    + "|\\b(?:delete|remove|erase|wipe|forget|clear|purge)\\s+everything\\b|\\bwipe\\s+(?:the|your)\\b"
                    + "|\\b(?:all|every)\\s+(?:facts?|triples?|edits?|entries|records|data|knowledge)\\b"
                    + "|\\b(?:whole|entire)\\s+(?:graph|database|knowledge\\s+base|kg|model)\\b");

    private static final Pattern WILDCARD_RETRACT = Pattern.compile(
            "\\b(?:delete|remove|retract|forget|erase|drop|withdraw)\\b.*\\b(?:everything|anything|all|any|every|whatever)\\b");

    private SafetyGuard() {
    }

    /** Why the text must not be interpreted, or empty when it may be. */
    public static Optional<String> refusal(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of("empty text: expected a sentence");
        }
        if (text.length() > MAX_CHARS) {
            return Optional.of("text too long: expected at most " + MAX_CHARS + " characters but found " + text.length());
        }
        String lower = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        Matcher m = INSTRUCTION.matcher(lower);
        if (m.find()) {
            return Optional.of("looks like an instruction to the system, not a fact ('" + m.group().trim() + "'); nothing interpreted");
        }
        m = WILDCARD_RETRACT.matcher(lower);
        if (m.find()) {
            return Optional.of("a retraction must name each fact explicitly; found a wildcard ('" + m.group().trim() + "')");
        }
        return Optional.empty();
    }
}
