package dev.concord.kg;

import java.time.Instant;

/** A committed change set: numbers start at 1 and increase by one per commit. */
public record Revision(long number, Instant time, String author, ChangeSet changes) {
    public Revision {
        if (number < 1) {
            throw new KgException("revision number must be >= 1, found " + number);
        }
        if (time == null || author == null || author.isBlank() || changes == null) {
            throw new KgException("revision needs a time, an author and a change set");
        }
    }
}
