package dev.concord.interpreter.linking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.interpreter.InterpreterException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The English phrasings this module ships for the relations of the seed graphs
 * ({@code phrasings.json} next to this module's classes; its comment explains each field).
 */
public final class BuiltInPhrasings {

    /** Where a question word asks about: a place, a time, or anything else (who, what, which). */
    public enum WhClass { WHERE, WHEN, WHAT }

    /** The phrasings of one relation. */
    public record Entry(String relation, List<String> nouns, List<String> invertedNouns, List<String> verbs,
                        List<String> passive, Map<WhClass, List<String>> questionTails, String literalRelation,
                        String objectGender, String subjectGender) {
        public Entry {
            if (relation == null || relation.isBlank()) {
                throw new InterpreterException("expected a relation name in a built-in phrasing entry but found none");
            }
            nouns = List.copyOf(nouns);
            invertedNouns = List.copyOf(invertedNouns);
            verbs = List.copyOf(verbs);
            passive = List.copyOf(passive);
            questionTails = Map.copyOf(questionTails);
        }
    }

    private static final String RESOURCE = "/dev/concord/interpreter/phrasings.json";
    private static volatile BuiltInPhrasings shipped;

    private final List<Entry> entries;

    public BuiltInPhrasings(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The phrasings shipped with the module (parsed once). */
    public static BuiltInPhrasings shipped() {
        BuiltInPhrasings s = shipped;
        if (s == null) {
            synchronized (BuiltInPhrasings.class) {
                s = shipped;
                if (s == null) {
                    s = load();
                    shipped = s;
                }
            }
        }
        return s;
    }

    /** No built-in phrasings at all: only the Lexicon's (for tests and for schemas in other languages). */
    public static BuiltInPhrasings none() {
        return new BuiltInPhrasings(List.of());
    }

    public List<Entry> entries() {
        return entries;
    }

    private static BuiltInPhrasings load() {
        try (InputStream in = BuiltInPhrasings.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new InterpreterException("expected the resource " + RESOURCE + " on the class path but found none");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<Entry> entries = new ArrayList<>();
            for (JsonNode r : root.path("relations")) {
                Map<WhClass, List<String>> tails = new LinkedHashMap<>();
                tails.put(WhClass.WHERE, strings(r, "where"));
                tails.put(WhClass.WHEN, strings(r, "when"));
                tails.put(WhClass.WHAT, strings(r, "what"));
                entries.add(new Entry(r.path("relation").asText(), strings(r, "nouns"), strings(r, "invertedNouns"),
                        strings(r, "verbs"), strings(r, "passive"), tails,
                        r.hasNonNull("literal") ? r.get("literal").asText() : null,
                        r.hasNonNull("objectGender") ? r.get("objectGender").asText() : null,
                        r.hasNonNull("subjectGender") ? r.get("subjectGender").asText() : null));
            }
            return new BuiltInPhrasings(entries);
        } catch (IOException e) {
            throw new InterpreterException("cannot read built-in phrasings " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    private static List<String> strings(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : node.path(field)) {
            out.add(s.asText());
        }
        return out;
    }
}
