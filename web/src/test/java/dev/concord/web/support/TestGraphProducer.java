package dev.concord.web.support;

import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.RelationInfo;
import dev.concord.kg.Triple;
import dev.concord.kg.ChangeSet;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

import java.util.List;

/** Test graph: the family schema of the OneEdit examples and a few facts. */
@ApplicationScoped
public class TestGraphProducer {
    @Produces
    @Alternative
    @Priority(10)
    @ApplicationScoped
    KnowledgeGraph graph() {
        KnowledgeGraph kg = new MemoryGraph();
        TestSchema.load(kg);
        return kg;
    }
}
