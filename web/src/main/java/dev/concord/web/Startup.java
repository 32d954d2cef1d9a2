package dev.concord.web;

import dev.concord.controller.ConcordConfig;
import dev.concord.controller.EditSteps;
import dev.concord.controller.LexiconAdapter;
import dev.concord.controller.ModelGateway;
import dev.concord.controller.UserService;
import dev.concord.kg.KnowledgeGraph;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.file.Path;

/**
 * First start and every start: the data folders, the seed KGs on an empty graph, the first
 * admin, the model (loaded in the background so the API answers at once), recovery of edits a
 * crash interrupted, then relation alignment proposals when the relations changed (background).
 */
@ApplicationScoped
public class Startup {
    private static final Logger LOG = Logger.getLogger(Startup.class);

    @Inject
    ConcordConfig config;
    @Inject
    KnowledgeGraph kg;
    @Inject
    UserService users;
    @Inject
    ModelGateway model;
    @Inject
    EditSteps steps;
    @Inject
    LexiconAdapter lexicon;
    @Inject
    dev.concord.controller.alignment.AlignmentService alignments;

    void onStart(@Observes StartupEvent event) {
        Path data = Path.of(config.dataDir());
        GraphProducer.ensureDir(data);
        LOG.infof("Concord data folder: %s", data.toAbsolutePath());
        if (config.kg().seed() && kg.size() == 0 && kg.relations().isEmpty()) {
            long t0 = System.nanoTime();
            Seeding.importDefaults(kg);
            lexicon.schemaChanged();
            LOG.infof("Imported the seed knowledge graphs and relation schema: %d triples, %d relations in %d ms",
                    kg.size(), kg.relations().size(), (System.nanoTime() - t0) / 1_000_000);
        }
        users.ensureFirstAdmin();
        if (!config.model().enabled()) {
            model.disable("graph-only mode (concord.model.enabled=false): no model is loaded");
            LOG.info("Graph-only mode: edits change the knowledge graph only");
        } else {
            model.startLoading(() -> ModelLoading.open(config, data, model));
        }
        int unfinished = steps.recover().size();
        if (unfinished > 0) {
            LOG.infof("Recovery: %d interrupted edit(s) are being finished", unfinished);
        }
        if (config.kg().proposeAlignmentsOnStart()) {
            // new relations since the last run (the seeds, an offline import): proposals for the admin
            java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    alignments.proposeIfRelationsChanged("import").ifPresent(r -> LOG.infof(
                            "Relation alignment proposals: %d new, %d waiting in Review", r.created(), r.pending()));
                } catch (RuntimeException e) {
                    LOG.warnf("Relation alignment proposals at start failed: %s", e.getMessage());
                }
            });
        }
    }
}
