package dev.concord.kg.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.kg.ImportReport;
import dev.concord.kg.KgException;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.Names;
import dev.concord.kg.RelationInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports OneEdit's relationship_library.json into the OWL schema (ARCHITECTURE.md): one2one and
 * empty type become owl:FunctionalProperty, one2many does not; reverse becomes owl:inverseOf,
 * written on both sides when the other side declares no inverse of its own (a reverse equal to
 * the name also makes the relation symmetric); multihop becomes an owl:propertyChainAxiom.
 * Also imports the phrasings file (templates and altLabels per relation). Existing phrasings
 * survive a library import and existing structure survives a phrasings import.
 */
public final class RelationLibraryImporter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern QUOTED = Pattern.compile("['\"]([^'\"]*)['\"]");

    private RelationLibraryImporter() {
    }

    public static ImportReport importLibrary(KnowledgeGraph kg, InputStream in, String source) {
        JsonNode root = readJson(in, source);
        if (!root.isArray()) {
            throw new KgException(source + ": expected a JSON array of relations, found " + root.getNodeType());
        }
        List<ImportReport.Skipped> skipped = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, RelationInfo> parsed = new LinkedHashMap<>();
        long read = 0;
        long duplicates = 0;
        for (JsonNode entry : root) {
            read++;
            String where = "entry " + read;
            String rawName = text(entry, "name");
            try {
                String name = Names.normalise(rawName);
                String type = text(entry, "type").strip();
                boolean functional;
                switch (type) {
                    case "one2one" -> functional = true;
                    case "one2many" -> functional = false;
                    case "" -> {
                        functional = true;
                        notes.add(where + " (" + name + "): empty type read as one2one (single-valued), as OneEdit does");
                    }
                    default -> throw new KgException("expected type one2one, one2many or empty, found '" + type + "'");
                }
                String reverse = text(entry, "reverse").strip();
                String inverse = reverse.isEmpty() ? null : Names.normalise(reverse);
                boolean symmetric = name.equals(inverse);
                List<String> chain = chain(text(entry, "multihop"));
                if (parsed.containsKey(name)) {
                    duplicates++;
                    notes.add(where + ": relation '" + name + "' appears again; the later entry wins");
                }
                parsed.put(name, new RelationInfo(name, functional, inverse, symmetric, chain, null, null));
            } catch (KgException e) {
                skipped.add(new ImportReport.Skipped(0, where + " ('" + rawName + "'): " + e.getMessage()));
            }
        }
        // The other side of each inverse, when it declares none itself; the first claim wins.
        Map<String, String> otherSides = new LinkedHashMap<>();
        for (RelationInfo r : parsed.values()) {
            String inv = r.inverse();
            if (inv == null || inv.equals(r.name())) {
                continue;
            }
            RelationInfo own = parsed.get(inv);
            if (own != null && own.inverse() != null) {
                if (!own.inverse().equals(r.name())) {
                    notes.add("'" + r.name() + "' names '" + inv + "' as its inverse, but '" + inv
                            + "' declares '" + own.inverse() + "'; kept both as declared");
                }
                continue;
            }
            String prior = otherSides.putIfAbsent(inv, r.name());
            if (prior != null) {
                notes.add("'" + inv + "' is the reverse of both '" + prior + "' and '" + r.name()
                        + "'; its own inverse is '" + prior + "'");
            }
        }
        kg.executeWrite(() -> {
            for (RelationInfo r : parsed.values()) {
                kg.putRelation(merge(kg.relation(r.name()), r));
            }
            for (Map.Entry<String, String> side : otherSides.entrySet()) {
                Optional<RelationInfo> existing = kg.relation(side.getKey());
                RelationInfo base = existing.orElse(RelationInfo.plain(side.getKey()));
                kg.putRelation(new RelationInfo(base.name(), base.functional(), side.getValue(), base.symmetric(),
                        base.chain(), base.altLabels(), base.templates(), base.equivalents(), base.broader()));
            }
        });
        return new ImportReport(source, read, parsed.size(), duplicates, skipped, notes);
    }

    /** Structure from the library, phrasings from what the graph already holds. */
    private static RelationInfo merge(Optional<RelationInfo> existing, RelationInfo lib) {
        return new RelationInfo(lib.name(), lib.functional(), lib.inverse(), lib.symmetric(), lib.chain(),
                existing.map(RelationInfo::altLabels).orElse(List.of()),
                existing.map(RelationInfo::templates).orElse(List.of()),
                existing.map(RelationInfo::equivalents).orElse(List.of()),
                existing.map(RelationInfo::broader).orElse(List.of()));
    }

    /** "['father','father']" as a list; empty for an empty string. */
    static List<String> chain(String multihop) {
        String m = multihop.strip();
        if (m.isEmpty() || m.equals("[]")) {
            return List.of();
        }
        if (!m.startsWith("[") || !m.endsWith("]")) {
            throw new KgException("expected multihop as a list such as ['father','father'], found '" + multihop + "'");
        }
        List<String> out = new ArrayList<>();
        Matcher matcher = QUOTED.matcher(m);
        while (matcher.find()) {
            out.add(Names.normalise(matcher.group(1)));
        }
        if (out.size() != 2) {
            throw new KgException("expected a 2-hop multihop rule, found " + out.size() + " relations in '" + multihop + "'");
        }
        return out;
    }

    /**
     * Imports {@code {"relations": {"born_in": {"templates": [...], "altLabels": [...]}}}}: phrasings
     * replace the relation's templates and altLabels, its structure stays; an unknown relation
     * is declared plain.
     */
    public static ImportReport importPhrasings(KnowledgeGraph kg, InputStream in, String source) {
        JsonNode root = readJson(in, source);
        JsonNode relations = root.path("relations");
        if (!relations.isObject()) {
            throw new KgException(source + ": expected an object with a \"relations\" object, found " + root.getNodeType());
        }
        List<ImportReport.Skipped> skipped = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, RelationInfo> parsed = new LinkedHashMap<>();
        Map<String, Boolean> known = new HashMap<>();
        long read = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = relations.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            read++;
            try {
                String name = Names.normalise(e.getKey());
                List<String> templates = strings(e.getValue().path("templates"));
                for (String t : templates) {
                    if (!t.contains("{subject}")) {
                        throw new KgException("template '" + t + "' has no {subject}");
                    }
                }
                parsed.put(name, new RelationInfo(name, false, null, false, null,
                        strings(e.getValue().path("altLabels")), templates));
            } catch (KgException ex) {
                skipped.add(new ImportReport.Skipped(0, "relation '" + e.getKey() + "': " + ex.getMessage()));
            }
        }
        kg.executeWrite(() -> {
            for (RelationInfo p : parsed.values()) {
                Optional<RelationInfo> existing = kg.relation(p.name());
                known.put(p.name(), existing.isPresent());
                RelationInfo base = existing.orElse(RelationInfo.plain(p.name()));
                kg.putRelation(new RelationInfo(base.name(), base.functional(), base.inverse(), base.symmetric(),
                        base.chain(), p.altLabels(), p.templates(), base.equivalents(), base.broader()));
            }
        });
        known.forEach((name, was) -> {
            if (!was) {
                notes.add("relation '" + name + "' had no schema entry; declared it plain with its phrasings");
            }
        });
        return new ImportReport(source, read, parsed.size(), 0, skipped, notes);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isMissingNode() || array.isNull()) {
            return out;
        }
        if (!array.isArray()) {
            throw new KgException("expected a list of strings, found " + array.getNodeType());
        }
        for (JsonNode n : array) {
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new KgException("expected non-blank strings, found " + n);
            }
            out.add(n.asText());
        }
        return out;
    }

    private static String text(JsonNode entry, String field) {
        JsonNode n = entry.get(field);
        return n == null || n.isNull() ? "" : n.asText();
    }

    private static JsonNode readJson(InputStream in, String source) {
        try (in) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new KgException(source + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
