package dev.concord.kg.io;

import dev.concord.kg.ChangeSet;
import dev.concord.kg.ImportReport;
import dev.concord.kg.KgException;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.Names;
import dev.concord.kg.RelationInfo;
import dev.concord.kg.Revision;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports triple tables: OneEdit's {@code head,relation,tail} and YAGO15k's
 * {@code Head,Relationship,Tail,StartYear,EndYear} (the years become qualifiers
 * {@code startYear}/{@code endYear}, xsd:gYear). The whole file is one change set, so one
 * revision, applied with its qualifiers in one write transaction: it imports fully or not at all.
 *
 * <p>Quirks become normalisations or skips with the line number, never a failure of the
 * whole file: blank lines, names with spaces (folded to {@code _}), repeated rows, rows with
 * the wrong number of fields, names an IRI cannot carry, bad years, and relations missing
 * from the schema (declared plain, with a note).
 */
public final class TripleCsvImporter {
    private static final Logger LOG = LoggerFactory.getLogger(TripleCsvImporter.class);

    /** The two layouts. */
    public enum Layout {
        ONEEDIT(List.of("head", "relation", "tail")),
        YAGO(List.of("head", "relationship", "tail", "startyear", "endyear"));

        final List<String> header;

        Layout(List<String> header) {
            this.header = header;
        }
    }

    private record Row(long line, Triple triple, Map<String, Term.Literal> qualifiers) {
    }

    private TripleCsvImporter() {
    }

    public static ImportReport importCsv(KnowledgeGraph kg, Reader in, Layout layout, String source, String author) {
        List<ImportReport.Skipped> skipped = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<Triple, Row> rows = new LinkedHashMap<>();
        long read = 0;
        long duplicates = 0;
        try (BufferedReader r = new BufferedReader(in)) {
            String line;
            long lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (lineNo == 1 && isHeader(line, layout)) {
                    continue;
                }
                read++;
                if (line.isBlank()) {
                    skipped.add(new ImportReport.Skipped(lineNo, "blank line"));
                    continue;
                }
                Row row;
                try {
                    row = parse(line, lineNo, layout, notes);
                } catch (KgException e) {
                    skipped.add(new ImportReport.Skipped(lineNo, e.getMessage()));
                    continue;
                }
                Row first = rows.get(row.triple());
                if (first != null) {
                    duplicates++;
                    String extra = row.qualifiers().equals(first.qualifiers()) ? ""
                            : " (its years " + row.qualifiers() + " differ; kept " + first.qualifiers() + ")";
                    notes.add("line " + lineNo + " repeats line " + first.line() + ": " + row.triple() + extra);
                    continue;
                }
                rows.put(row.triple(), row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        long[] imported = {0};
        long unique = rows.size();
        kg.executeWrite(() -> {
            Set<String> relations = new LinkedHashSet<>();
            rows.keySet().forEach(t -> relations.add(t.relation()));
            Set<String> known = new java.util.HashSet<>();
            kg.relations().forEach(r -> known.add(r.name())); // one read of the schema, not one per relation
            for (String rel : relations) {
                if (!known.contains(rel)) {
                    kg.putRelation(RelationInfo.plain(rel));
                    String note = "relation '" + rel + "' is not in the relation schema; declared it as a plain "
                            + "(multi-valued) relation";
                    notes.add(note);
                    LOG.info("{}: {}", source, note);
                }
            }
            Revision rev = kg.apply(new ChangeSet(new ArrayList<>(rows.keySet()), List.of()), author);
            imported[0] = rev.changes().added().size();
            Map<Triple, Map<String, Term.Literal>> qualified = new LinkedHashMap<>();
            for (Row row : rows.values()) {
                if (!row.qualifiers().isEmpty()) {
                    qualified.put(row.triple(), row.qualifiers());
                }
            }
            kg.qualifyAll(qualified);
        });
        duplicates += unique - imported[0];
        return new ImportReport(source, read, imported[0], duplicates, skipped, notes);
    }

    private static boolean isHeader(String line, Layout layout) {
        List<String> f = Csv.fields(line);
        if (f == null) {
            return false;
        }
        List<String> lower = f.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
        return lower.equals(layout.header) || lower.equals(layout.header.subList(0, 3));
    }

    private static Row parse(String line, long lineNo, Layout layout, List<String> notes) {
        List<String> f = Csv.fields(line);
        if (f == null) {
            throw new KgException("a quoted field is not closed");
        }
        int min = 3;
        int max = layout == Layout.ONEEDIT ? 3 : 5;
        if (f.size() < min || f.size() > max) {
            throw new KgException("expected " + (min == max ? min : min + " to " + max) + " fields ("
                    + String.join(",", layout.header) + "), found " + f.size());
        }
        String head = name(f.get(0), "head", lineNo, notes);
        String relation = name(f.get(1), "relation", lineNo, notes);
        String tailText = f.get(2).strip();
        if (tailText.isEmpty()) {
            throw new KgException("the tail is empty");
        }
        Term tail = Term.of(tailText);
        if (tail instanceof Term.Entity e && !e.name().equals(tailText)) {
            notes.add("line " + lineNo + ": tail '" + tailText + "' normalised to '" + e.name() + "'");
        }
        Map<String, Term.Literal> q = new TreeMap<>();
        if (f.size() > 3) {
            year(f.get(3), "StartYear").ifPresent(y -> q.put("startYear", y));
        }
        if (f.size() > 4) {
            year(f.get(4), "EndYear").ifPresent(y -> q.put("endYear", y));
        }
        return new Row(lineNo, new Triple(head, relation, tail), q);
    }

    private static String name(String raw, String what, long lineNo, List<String> notes) {
        String stripped = raw.strip();
        if (stripped.isEmpty()) {
            throw new KgException("the " + what + " is empty");
        }
        String n;
        try {
            n = Names.normalise(stripped);
        } catch (KgException e) {
            throw new KgException("the " + what + " is not a valid name: " + e.getMessage());
        }
        if (!n.equals(stripped)) {
            notes.add("line " + lineNo + ": " + what + " '" + stripped + "' normalised to '" + n + "'");
        }
        return n;
    }

    private static java.util.Optional<Term.Literal> year(String raw, String column) {
        String y = raw.strip();
        if (y.isEmpty()) {
            return java.util.Optional.empty();
        }
        if (!y.matches("-?\\d{1,4}")) {
            throw new KgException(column + " must be a year such as 1978, found '" + y + "'");
        }
        boolean negative = y.startsWith("-");
        String digits = negative ? y.substring(1) : y;
        String padded = "0".repeat(4 - digits.length()) + digits;
        return java.util.Optional.of(Term.literal((negative ? "-" : "") + padded, Term.XSD_GYEAR));
    }
}
