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
        com.fasterxml.jackson.databind.JsonNode pairs = root == null ? null : root.get("equivalent");
        if (pairs == null || !pairs.isArray()) {
            throw new KgException("expected {\"equivalent\": [[a, b], ...]} in " + source);
        }
        long read = 0;
        long stated = 0;
        List<String> notes = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode p : pairs) {
            read++;
            if (!p.isArray() || p.size() != 2 || !p.get(0).isTextual() || !p.get(1).isTextual()) {
                throw new KgException("expected a pair of relation names in " + source + ", found " + p);
            }
            if (kg.align(p.get(0).asText(), p.get(1).asText())) {
                stated++;
            } else {
                notes.add(p.get(0).asText() + " = " + p.get(1).asText() + " was already stated");
            }
        }
        com.fasterxml.jackson.databind.JsonNode under = root.get("subproperty");
        if (under != null && !under.isArray()) {
            throw new KgException("expected {\"subproperty\": [[narrower, broader], ...]} in " + source);
        }
        for (com.fasterxml.jackson.databind.JsonNode p : under == null ? List.<com.fasterxml.jackson.databind.JsonNode>of() : under) {
            read++;
            if (!p.isArray() || p.size() != 2 || !p.get(0).isTextual() || !p.get(1).isTextual()) {
                throw new KgException("expected a pair [narrower, broader] of relation names in " + source + ", found " + p);
            }
            if (kg.subsume(p.get(0).asText(), p.get(1).asText())) {
                stated++;
            } else {
                notes.add(p.get(0).asText() + " under " + p.get(1).asText() + " was already stated");
            }
        }
        return new ImportReport(source, read, stated, read - stated, List.of(), notes);
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
