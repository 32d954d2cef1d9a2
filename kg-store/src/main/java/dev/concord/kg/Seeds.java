package dev.concord.kg;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed data the project ships (its own copies of OneEdit's data, MIT licence): the relation
 * library, Concord's phrasings and prompt templates, and the two seed KGs. This is what a first
 * start on an empty data folder imports.
 */
public final class Seeds {
    public static final String AUTHOR = "seed";
    private static final String DIR = "/dev/concord/kg/seed/";

    private Seeds() {
    }

    /**
     * Imports relationship_library.json, kg.csv, kg2.csv and relation_phrasings.json, in that order,
     * in one write transaction (all or nothing). Returns one report per file.
     */
    public static List<ImportReport> importDefaults(KnowledgeGraph kg) {
        return kg.calculateWrite(() -> {
            List<ImportReport> reports = new ArrayList<>();
            reports.add(Importers.relationLibrary(kg, open("relationship_library.json"), "relationship_library.json"));
            reports.add(Importers.oneEditCsv(kg, reader("kg.csv"), "kg.csv", AUTHOR));
            reports.add(Importers.oneEditCsv(kg, reader("kg2.csv"), "kg2.csv", AUTHOR));
            reports.add(Importers.relationPhrasings(kg, open("relation_phrasings.json"), "relation_phrasings.json"));
            reports.add(alignments(kg, open("relation_alignments.json"), "relation_alignments.json"));
            return reports;
        });
    }

    /** Imports the defaults only when the graph has no revision yet; returns the reports, or none. */
    public static List<ImportReport> importDefaultsIfEmpty(KnowledgeGraph kg) {
        return kg.calculateWrite(() -> kg.currentRevision() == 0 && kg.size() == 0 ? importDefaults(kg) : List.of());
    }

    /**
     * States the owl:equivalentProperty pairs of an alignments file ({"equivalent": [[a, b], ...]}) and its
     * rdfs:subPropertyOf pairs ({"subproperty": [[narrower, broader], ...]}), the hand-reviewed ones
     * shipped for the seed graphs by default.
     */
    public static ImportReport alignments(KnowledgeGraph kg, InputStream in, String source) {
        com.fasterxml.jackson.databind.JsonNode root;
        try (in) {
            root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
        } catch (java.io.IOException e) {
            throw new KgException("cannot read " + source + ": " + e.getMessage(), e);
        }
        if (root == null || !root.path("equivalent").isArray()) {
            throw new KgException("expected {\"equivalent\": [[a, b], ...]} in " + source);
        }
        if (root.has("subproperty") && !root.get("subproperty").isArray()) {
            throw new KgException("expected {\"subproperty\": [[narrower, broader], ...]} in " + source);
        }
        List<String> notes = new ArrayList<>();
        long[] counts = new long[2]; // read, stated
        statePairs(root.get("equivalent"), source, " = ", kg::align, counts, notes);
        statePairs(root.path("subproperty"), source, " under ", kg::subsume, counts, notes);
        long read = counts[0];
        long stated = counts[1];
        return new ImportReport(source, read, stated, read - stated, List.of(), notes);
    }

    /** States each [x, y] pair of {@code pairs} (a missing node holds none); counts and notes what was already there. */
    private static void statePairs(com.fasterxml.jackson.databind.JsonNode pairs, String source, String link,
                                   java.util.function.BiPredicate<String, String> state, long[] counts, List<String> notes) {
        for (com.fasterxml.jackson.databind.JsonNode p : pairs) {
            counts[0]++;
            if (!p.isArray() || p.size() != 2 || !p.get(0).isTextual() || !p.get(1).isTextual()) {
                throw new KgException("expected a pair of relation names in " + source + ", found " + p);
            }
            if (state.test(p.get(0).asText(), p.get(1).asText())) {
                counts[1]++;
            } else {
                notes.add(p.get(0).asText() + link + p.get(1).asText() + " was already stated");
            }
        }
    }

    /** A shipped seed file, e.g. "kg.csv". */
    public static InputStream open(String name) {
        InputStream in = Seeds.class.getResourceAsStream(DIR + name);
        if (in == null) {
            throw new KgException("seed file " + name + " is missing from the class path (expected under " + DIR + ")");
        }
        return in;
    }

    private static InputStreamReader reader(String name) {
        return new InputStreamReader(open(name), StandardCharsets.UTF_8);
    }
}
