package dev.concord.web;

import dev.concord.controller.ConcordConfig;
import dev.concord.controller.LexiconAdapter;
import dev.concord.interpreter.Interpreter;
import dev.concord.interpreter.InterpreterConfig;
import dev.concord.interpreter.Interpreters;
import dev.concord.kg.KnowledgeGraph;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The interpreter: the offline rules, linked against the graph's labels and the schema's phrasings;
 * with an LLM first when concord.interpreter.llm.base-url (CONCORD_LLM_BASE_URL) is set.
 */
@ApplicationScoped
public class InterpreterProducer {
    private static final Logger LOG = Logger.getLogger(InterpreterProducer.class);

    @Inject
    ConcordConfig config;
    @Inject
    KnowledgeGraph kg;

    /** The one lexicon over the graph; schema writers call its schemaChanged() so its kept relations stay current. */
    @Produces
    @Singleton
    LexiconAdapter lexicon() {
        return new LexiconAdapter(kg);
    }

    @Produces
    @ApplicationScoped
    Interpreter interpreter(LexiconAdapter lexicon) {
        ConcordConfig.Interpreter.Llm llm = config.interpreter().llm();
        InterpreterConfig ic = new InterpreterConfig(llm.baseUrl().orElse(null), llm.apiKey().orElse(null),
                llm.model().orElse(null), null);
        LOG.infof("Interpreter: %s", ic.baseUrl() == null ? "offline rules" : "LLM at " + ic.baseUrl() + " with the rules as fallback");
        return Interpreters.create(ic, lexicon);
    }
}
