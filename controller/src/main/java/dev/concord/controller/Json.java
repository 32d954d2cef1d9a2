package dev.concord.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.concord.editor.FactEdit;
import dev.concord.kg.ChangeSet;
import dev.concord.kg.Triple;

import java.util.List;

/** JSON columns of the workflow tables (triples, conflicts, change sets, model facts). */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {
    }

    record ChangeSetView(List<TripleView> added, List<TripleView> removed) {
        static ChangeSetView of(ChangeSet cs) {
            return new ChangeSetView(cs.added().stream().map(TripleView::of).toList(),
                    cs.removed().stream().map(TripleView::of).toList());
        }

        ChangeSet toChangeSet() {
            return new ChangeSet(added.stream().map(TripleView::toTriple).toList(),
                    removed.stream().map(TripleView::toTriple).toList());
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new ControllerException(ControllerException.Kind.INTERNAL, "cannot write JSON column: " + e.getMessage(), e);
        }
    }

    static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new ControllerException(ControllerException.Kind.INTERNAL, "cannot read JSON column: " + e.getMessage(), e);
        }
    }

    static String triples(List<Triple> triples) {
        return write(triples.stream().map(TripleView::of).toList());
    }

    static List<TripleView> tripleViews(String json) {
        return json == null ? List.of() : read(json, new TypeReference<List<TripleView>>() { });
    }

    static String conflicts(List<Conflict> conflicts) {
        return write(conflicts);
    }

    static List<Conflict> conflicts(String json) {
        return json == null ? List.of() : read(json, new TypeReference<List<Conflict>>() { });
    }

    static String changeSet(ChangeSet cs) {
        return write(ChangeSetView.of(cs));
    }

    static ChangeSet changeSet(String json) {
        return json == null ? new ChangeSet(List.of(), List.of()) : read(json, new TypeReference<ChangeSetView>() { }).toChangeSet();
    }

    static String facts(List<FactEdit> facts) {
        return write(facts);
    }

    static List<FactEdit> facts(String json) {
        return json == null ? List.of() : read(json, new TypeReference<List<FactEdit>>() { });
    }

    static String check(ModelCheck check) {
        return check == null ? null : write(check);
    }

    static ModelCheck check(String json) {
        return json == null ? null : read(json, new TypeReference<ModelCheck>() { });
    }
}
