package dev.concord.kg;

/** Normalisation of entity and relation local names (DESIGN.md, Identifiers). */
public final class Names {
    private Names() {
    }

    /**
     * Trims, collapses whitespace runs to one {@code _}, and rejects names that cannot be
     * an IRI local part (empty, or holding {@code < > " { } | \ ^ `}).
     */
    public static String normalise(String name) {
        if (name == null) {
            throw new KgException("name must not be null");
        }
        String n = name.strip().replaceAll("\\s+", "_");
        if (n.isEmpty()) {
            throw new KgException("name must not be blank");
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if ("<>\"{}|\\^`".indexOf(c) >= 0 || Character.isISOControl(c)) {
                throw new KgException("name '" + name + "' holds the character '" + c + "', which an IRI cannot carry");
            }
        }
        return n;
    }

    /** The human form of a local name: {@code Donald_Trump} becomes {@code Donald Trump}. */
    public static String label(String localName) {
        return localName.replace('_', ' ');
    }
}
