package dev.concord.kg;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Triples removed and added by one logical step. Applying it removes first, then adds.
 * Duplicates are dropped; a triple may not be both added and removed.
 */
public record ChangeSet(List<Triple> added, List<Triple> removed) {
    public ChangeSet {
        added = List.copyOf(new LinkedHashSet<>(added == null ? List.of() : added));
        removed = List.copyOf(new LinkedHashSet<>(removed == null ? List.of() : removed));
        for (Triple t : added) {
            if (removed.contains(t)) {
                throw new KgException("triple " + t + " is both added and removed in one change set");
            }
        }
    }

    /**
     * The checks every backend's {@code apply} makes before it opens a transaction: a change set and an
     * author are given. Backends then convert (and so validate) every literal, also before the transaction.
     */
    public static void requireApplicable(ChangeSet changes, String author) {
        if (changes == null) {
            throw new KgException("change set must not be null");
        }
        if (author == null || author.isBlank()) {
            throw new KgException("a revision needs an author, found none");
        }
    }

    public static ChangeSet adding(Triple... triples) {
        return new ChangeSet(List.of(triples), List.of());
    }

    public static ChangeSet removing(Triple... triples) {
        return new ChangeSet(List.of(), List.of(triples));
    }

    /** The change set that undoes this one. */
    public ChangeSet inverse() {
        return new ChangeSet(removed, added);
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty();
    }

    /** This change set followed by another, as one. */
    public ChangeSet then(ChangeSet next) {
        List<Triple> a = new ArrayList<>(added);
        List<Triple> r = new ArrayList<>(removed);
        for (Triple t : next.removed) {
            if (!a.remove(t)) {
                r.add(t);
            }
        }
        for (Triple t : next.added) {
            if (!r.remove(t)) {
                a.add(t);
            }
        }
        return new ChangeSet(a, r);
    }
}
