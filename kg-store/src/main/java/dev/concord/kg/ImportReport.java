package dev.concord.kg;

import java.util.ArrayList;
import java.util.List;

/**
 * What an import did: lines or statements read, facts newly imported, duplicates (repeated in
 * the file or already in the graph), lines skipped with the reason (and line number where the
 * format has lines), and notes about normalisations. {@code read = imported + duplicates + skipped}
 * for line-based formats.
 */
public record ImportReport(String source, long read, long imported, long duplicates, List<Skipped> skipped,
                           List<String> notes) {
    public ImportReport {
        if (source == null || source.isBlank()) {
            throw new KgException("an import report needs a source name");
        }
        skipped = List.copyOf(skipped);
        notes = List.copyOf(notes);
    }

    /** One skipped line or statement: its line number (0 when the format has none) and why. */
    public record Skipped(long line, String reason) {
        @Override
        public String toString() {
            return line > 0 ? "line " + line + ": " + reason : reason;
        }
    }

    /** A one-line summary: "kg.csv: read 156, imported 150, duplicates 1, skipped 5". */
    public String summary() {
        return source + ": read " + read + ", imported " + imported + ", duplicates " + duplicates
                + ", skipped " + skipped.size();
    }

    /** The summary followed by one line per skip and note. */
    public String details() {
        List<String> lines = new ArrayList<>();
        lines.add(summary());
        skipped.forEach(s -> lines.add("  skipped " + s));
        notes.forEach(n -> lines.add("  note: " + n));
        return String.join("\n", lines);
    }
}
