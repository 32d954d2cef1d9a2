package dev.concord.kg;

/** Normalisation of entity and relation local names (ARCHITECTURE.md, Identifiers and the schema). */
public final class Names {
    /** The longest name accepted (an IRI part, a label, a prompt subject). */
    public static final int MAX_LENGTH = 400;

    private Names() {
    }

    /**
     * Trims, collapses whitespace runs to one {@code _}, and rejects names that cannot be
     * an IRI local part (empty, longer than {@link #MAX_LENGTH}, or holding {@code < > " { } | \ ^ `},
     * a control character or a lone surrogate). {@code % # ? /} and dots are allowed: {@link Iris}
     * percent-encodes them in the IRI.
     */
    public static String normalise(String name) {
        if (name == null) {
            throw new KgException("name must not be null");
        }
        String n = name.strip();
        if (hasWhitespace(n)) {
            n = WHITESPACE.matcher(n).replaceAll("_");
        }
        if (n.isEmpty()) {
            throw new KgException("name must not be blank");
        }
        if (n.length() > MAX_LENGTH) {
            throw new KgException("a name may have at most " + MAX_LENGTH + " characters, found " + n.length());
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if ("<>\"{}|\\^`".indexOf(c) >= 0 || Character.isISOControl(c) || c == '\uFFFD'
                    || Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < n.length()
                    && Character.isLowSurrogate(n.charAt(i + 1))) && !(Character.isLowSurrogate(c) && i > 0
                    && Character.isHighSurrogate(n.charAt(i - 1)))) {
                String shown = Character.isISOControl(c) || Character.isSurrogate(c) ? "" : "'" + c + "' ";
                throw new KgException(String.format("name '%s' holds the character %s(U+%04X), which an IRI cannot carry",
                        shown.isEmpty() ? n.replaceAll("\\p{Cntrl}", "?") : n, shown, (int) c));
            }
        }
        return n;
    }

    /** Runs of whitespace; the check before it keeps the regex off names without any (most). */
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    private static boolean hasWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i)) || Character.isSpaceChar(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The human form of a local name: {@code Donald_Trump} becomes {@code Donald Trump}. */
    public static String label(String localName) {
        return localName.replace('_', ' ');
    }
}
