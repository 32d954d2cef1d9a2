package dev.concord.interpreter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.interpreter.linking.Labels;
import dev.concord.interpreter.linking.Literals;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@link Lexicon} held in memory: entity names indexed by label key (see {@link Labels#key})
 * and relations with their phrasings. Built with {@link #builder()} or loaded from OneEdit's
 * files ({@link #fromOneEdit}, {@link #bundled()}). Phrasings and entities can be added while it
 * is in use ({@link #addPhrasing}, {@link #addEntity}); readers always see a consistent snapshot.
 *
 * <p>Normalisations on load: entity names with spaces become {@code _} names
 * ({@code Joe Biden} is {@code Joe_Biden}); duplicated rows and blank lines are ignored; dates and
 * numbers in the tail column are literals, not entities; relation names with spaces in the
 * library become {@code _} names ({@code paternal grandfather} is {@code paternal_grandfather});
 * names that cannot be a local name ({@code <answer>}) are skipped; a relation's inverse is
 * listed as a relation too.
 */
public final class InMemoryLexicon implements Lexicon {

    private static final String BUNDLED = "/dev/concord/interpreter/data/";
    private static final Pattern LOCAL_NAME = Pattern.compile("[\\p{L}][\\p{L}\\p{N}_.'-]*");

    private record Snapshot(Map<String, String> entitiesByKey, Map<String, Relation> relations,
                            List<RelationPhrasings> relationList) {
    }

    private record Relation(String name, List<String> phrasings, String inverse) {
    }

    private volatile Snapshot snapshot;
    private final Map<String, Set<String>> subjectOf;
    private final Map<String, Set<String>> objectOf;

    private InMemoryLexicon(Map<String, String> entitiesByKey, Map<String, Relation> relations,
                            Map<String, Set<String>> subjectOf, Map<String, Set<String>> objectOf) {
        this.snapshot = snapshot(entitiesByKey, relations);
        this.subjectOf = frozen(subjectOf);
        this.objectOf = frozen(objectOf);
    }

    private static Map<String, Set<String>> frozen(Map<String, Set<String>> m) {
        Map<String, Set<String>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, Set.copyOf(v)));
        return Map.copyOf(out);
    }

    @Override
    public Set<String> subjectRelations(String entity) {
        return subjectOf.getOrDefault(entity, Set.of());
    }

    @Override
    public Set<String> objectRelations(String entity) {
        return objectOf.getOrDefault(entity, Set.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The lexicon of the OneEdit seed data this module ships (kg.csv, kg2.csv, relationship_library.json). */
    public static InMemoryLexicon bundled() {
        Builder builder = builder();
        for (String csv : List.of("kg.csv", "kg2.csv")) {
            try (Reader reader = resource(csv)) {
                builder.readKgCsv(reader, csv);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (Reader reader = resource("relationship_library.json")) {
            builder.readRelationLibrary(reader, "relationship_library.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return builder.build();
    }

    /** A lexicon loaded from OneEdit-format files: any number of {@code head,relation,tail} CSV files and an optional relation library. */
    public static InMemoryLexicon fromOneEdit(List<Path> kgCsvFiles, Path relationLibrary) {
        Builder builder = builder();
        for (Path csv : kgCsvFiles) {
            try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
                builder.readKgCsv(reader, csv.toString());
            } catch (IOException e) {
                throw new InterpreterException("cannot read knowledge-graph CSV " + csv + ": " + e.getMessage(), e);
            }
        }
        if (relationLibrary != null) {
            try (Reader reader = Files.newBufferedReader(relationLibrary, StandardCharsets.UTF_8)) {
                builder.readRelationLibrary(reader, relationLibrary.toString());
            } catch (IOException e) {
                throw new InterpreterException("cannot read relation library " + relationLibrary + ": " + e.getMessage(), e);
            }
        }
        return builder.build();
    }

    @Override
    public Optional<String> findEntity(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String key = Labels.key(text);
        return key.isEmpty() ? Optional.empty() : Optional.ofNullable(snapshot.entitiesByKey().get(key));
    }

    @Override
    public List<RelationPhrasings> relations() {
        return snapshot.relationList();
    }

    /** Every entity name, in no particular order. */
    public Set<String> entities() {
        return Set.copyOf(snapshot.entitiesByKey().values());
    }

    /** Adds a phrasing (an skos:altLabel) to a relation, creating the relation when it is new. */
    public synchronized void addPhrasing(String relation, String phrasing) {
        requireLocalName(relation, "relation");
        if (phrasing == null || phrasing.isBlank()) {
            throw new InterpreterException("expected a non-blank phrasing for relation " + relation + " but found '" + phrasing + "'");
        }
        Snapshot current = snapshot;
        Map<String, Relation> relations = new LinkedHashMap<>(current.relations());
        Relation old = relations.get(relation);
        List<String> phrasings = new ArrayList<>(old == null ? List.of(Labels.relationWords(relation)) : old.phrasings());
        String p = Labels.phrase(phrasing);
        if (!phrasings.contains(p)) {
            phrasings.add(p);
        }
        relations.put(relation, new Relation(relation, List.copyOf(phrasings), old == null ? null : old.inverse()));
        snapshot = snapshot(current.entitiesByKey(), relations);
    }

    /** Adds an entity by its local name (spaces become {@code _}). */
    public synchronized void addEntity(String name) {
        Snapshot current = snapshot;
        Map<String, String> entities = new HashMap<>(current.entitiesByKey());
        String local = normaliseName(name);
        entities.putIfAbsent(Labels.key(local), local);
        snapshot = snapshot(entities, current.relations());
    }

    private static Snapshot snapshot(Map<String, String> entitiesByKey, Map<String, Relation> relations) {
        List<RelationPhrasings> list = new ArrayList<>(relations.size());
        for (Relation r : relations.values()) {
            list.add(new RelationPhrasings(r.name(), r.phrasings(), r.inverse()));
        }
        return new Snapshot(Map.copyOf(entitiesByKey), Collections.unmodifiableMap(new LinkedHashMap<>(relations)), List.copyOf(list));
    }

    private static Reader resource(String name) {
        InputStream in = InMemoryLexicon.class.getResourceAsStream(BUNDLED + name);
        if (in == null) {
            throw new InterpreterException("expected the bundled resource " + BUNDLED + name + " on the class path but found none");
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    private static String normaliseName(String name) {
        if (name == null || name.isBlank()) {
            throw new InterpreterException("expected a non-blank name but found '" + name + "'");
        }
        return name.trim().replaceAll("\\s+", "_");
    }

    private static void requireLocalName(String name, String what) {
        if (name == null || !LOCAL_NAME.matcher(name).matches()) {
            throw new InterpreterException("expected a " + what + " local name (a letter, then letters, digits or _) but found '" + name + "'");
        }
    }

    /** Collects entities, relations and phrasings; {@link #build()} freezes them. */
    public static final class Builder {
        private final Map<String, String> entitiesByKey = new HashMap<>();
        private final Map<String, String> inverses = new LinkedHashMap<>();
        private final Map<String, Set<String>> phrasings = new LinkedHashMap<>();
        private final Map<String, Set<String>> subjectOf = new HashMap<>();
        private final Map<String, Set<String>> objectOf = new HashMap<>();
        private final ObjectMapper json = new ObjectMapper();

        private Builder() {
        }

        /** An entity by its local name; spaces become {@code _}. The first name wins when two share a label key. */
        public Builder entity(String name) {
            String local = normaliseName(name);
            String key = Labels.key(local);
            if (!key.isEmpty()) {
                entitiesByKey.putIfAbsent(key, local);
            }
            return this;
        }

        /** A further label (rdfs:label, an alias) under which an entity is found: {@code label("America", "the United States")}. */
        public Builder label(String name, String label) {
            String local = normaliseName(name);
            entity(local);
            String key = Labels.key(label == null ? "" : label);
            if (key.isEmpty()) {
                throw new InterpreterException("expected a non-blank label for entity " + local + " but found '" + label + "'");
            }
            entitiesByKey.putIfAbsent(key, local);
            return this;
        }

        /** A relation (with its inverse, or null). */
        public Builder relation(String name, String inverse) {
            String local = normaliseName(name);
            requireLocalName(local, "relation");
            relationEntry(local);
            if (inverse != null && !inverse.isBlank()) {
                String inv = normaliseName(inverse);
                requireLocalName(inv, "inverse relation");
                inverses.put(local, inv);
                relationEntry(inv);
                inverses.putIfAbsent(inv, local);
            }
            return this;
        }

        /** A phrasing (skos:altLabel) of a relation. */
        public Builder phrasing(String relation, String phrasing) {
            relation(relation, null);
            relationEntry(normaliseName(relation)).add(Labels.phrase(phrasing));
            return this;
        }

        /** A triple: its subject and (unless a date or number) its object become entities, its relation a relation. */
        public Builder triple(String subject, String relation, String object) {
            entity(subject);
            relation(relation, null);
            String rel = normaliseName(relation);
            subjectOf.computeIfAbsent(normaliseName(subject), k -> new HashSet<>()).add(rel);
            if (!Literals.isLiteralValue(object.trim())) {
                entity(object);
                objectOf.computeIfAbsent(normaliseName(object), k -> new HashSet<>()).add(rel);
            }
            return this;
        }

        /** Reads a OneEdit {@code head,relation,tail} CSV; blank lines and a header row are skipped. */
        public Builder readKgCsv(Reader reader, String source) throws IOException {
            BufferedReader lines = new BufferedReader(reader);
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields = splitCsv(line);
                if (fields.size() != 3) {
                    throw new InterpreterException(source + " line " + number + ": expected 3 fields (head,relation,tail) but found "
                            + fields.size() + " in '" + line + "'");
                }
                if (number == 1 && fields.get(0).equalsIgnoreCase("head") && fields.get(1).equalsIgnoreCase("relation")) {
                    continue;
                }
                if (fields.stream().anyMatch(String::isBlank)) {
                    throw new InterpreterException(source + " line " + number + ": expected a non-empty head, relation and tail but found '" + line + "'");
                }
                triple(fields.get(0), fields.get(1), fields.get(2));
            }
            return this;
        }

        /** Reads OneEdit's relationship_library.json (name, type, reverse, multihop); unusable names are skipped. */
        public Builder readRelationLibrary(Reader reader, String source) throws IOException {
            JsonNode root = json.readTree(reader);
            if (root == null || !root.isArray()) {
                throw new InterpreterException(source + ": expected a JSON array of relations but found " + (root == null ? "nothing" : root.getNodeType()));
            }
            for (JsonNode entry : root) {
                String name = entry.path("name").asText("").trim().replaceAll("\\s+", "_");
                if (!LOCAL_NAME.matcher(name).matches()) {
                    continue;
                }
                String reverse = entry.path("reverse").asText("").trim();
                relation(name, reverse.isEmpty() ? null : reverse);
            }
            return this;
        }

        public InMemoryLexicon build() {
            Map<String, Relation> relations = new LinkedHashMap<>();
            for (Map.Entry<String, Set<String>> e : phrasings.entrySet()) {
                relations.put(e.getKey(), new Relation(e.getKey(), List.copyOf(e.getValue()), inverses.get(e.getKey())));
            }
            return new InMemoryLexicon(entitiesByKey, relations, subjectOf, objectOf);
        }

        private Set<String> relationEntry(String name) {
            return phrasings.computeIfAbsent(name, n -> new LinkedHashSet<>(List.of(Labels.relationWords(n))));
        }

        private static List<String> splitCsv(String line) {
            List<String> fields = new ArrayList<>(3);
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"' && field.length() == 0) {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString().trim());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            fields.add(field.toString().trim());
            return fields;
        }
    }
}
