package dev.concord.controller;

import dev.concord.interpreter.Lexicon;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.LabelMatch;
import dev.concord.kg.Names;
import dev.concord.kg.RelationInfo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The interpreter's {@link Lexicon} port over the knowledge graph: entity labels and relation phrasings. */
public final class LexiconAdapter implements Lexicon {
    private final KnowledgeGraph kg;

    public LexiconAdapter(KnowledgeGraph kg) {
        this.kg = kg;
    }

    @Override
    public Optional<String> findEntity(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip().replaceAll("[\\p{Punct}&&[^_.'-]]+$", "").strip();
        String lower = t.toLowerCase(Locale.ROOT);
        for (String article : List.of("the ", "a ", "an ")) {
            if (lower.startsWith(article)) {
                Optional<String> found = exact(t.substring(article.length()));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return exact(t);
    }

    private Optional<String> exact(String text) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        List<LabelMatch> matches = kg.searchLabels(text, 5);
        for (LabelMatch m : matches) {
            if (m.exact()) {
                return Optional.of(m.entity());
            }
        }
        return Optional.empty();
    }

    @Override
    public List<RelationPhrasings> relations() {
        List<RelationPhrasings> out = new ArrayList<>();
        for (RelationInfo r : kg.relations()) {
            Set<String> phrasings = new LinkedHashSet<>();
            phrasings.add(Names.label(r.name()));
            phrasings.addAll(r.altLabels());
            out.add(new RelationPhrasings(r.name(), new ArrayList<>(phrasings), r.symmetric() ? r.name() : r.inverse()));
        }
        return out;
    }
}
