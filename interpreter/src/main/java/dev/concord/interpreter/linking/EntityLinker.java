package dev.concord.interpreter.linking;

import dev.concord.interpreter.Lexicon;
import java.util.Optional;

/** Links a name as written (by a person or a model) to the graph: a literal, a known entity, or a new local name. */
public final class EntityLinker {

    /** A linked name; {@code literal} for dates and numbers. */
    public record Linked(String value, boolean literal) {
    }

    private EntityLinker() {
    }

    /** Empty when the mention holds no name at all (only punctuation or an article). */
    public static Optional<Linked> link(String mention, Lexicon lexicon) {
        if (mention == null || mention.isBlank()) {
            return Optional.empty();
        }
        String m = mention.trim();
        Optional<String> literal = Literals.parse(m);
        if (literal.isPresent()) {
            return Optional.of(new Linked(literal.get(), true));
        }
        Optional<String> entity = lexicon.findEntity(m);
        if (entity.isPresent()) {
            return Optional.of(new Linked(entity.get(), false));
        }
        String name = Labels.newLocalName(m.replace('_', ' '));
        return name.isEmpty() ? Optional.empty() : Optional.of(new Linked(name, false));
    }
}
