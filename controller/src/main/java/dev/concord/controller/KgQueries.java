package dev.concord.controller;

import dev.concord.kg.KgException;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.Names;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Reads of the graph the API needs beyond plain lookups. */
@ApplicationScoped
public class KgQueries {
    @Inject
    KnowledgeGraph kg;

    /** The model prompt for (subject, relation): the relation's first template filled with the subject's label. */
    public String prompt(String subject, String relation) {
        try {
            return new EditPlanner(kg).prompt(Names.normalise(subject), Names.normalise(relation));
        } catch (KgException e) {
            throw ControllerException.badInput(e.getMessage());
        }
    }
}
