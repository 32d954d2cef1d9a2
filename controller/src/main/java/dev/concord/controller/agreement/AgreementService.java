package dev.concord.controller.agreement;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.concord.controller.ConcordConfig;
import dev.concord.controller.ControllerException;
import dev.concord.controller.EditService;
import dev.concord.controller.EditView;
import dev.concord.controller.ModelGateway;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.Triple;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The agreement audit in the running system (Model panel, {@code /api/model/agreement}): one audit
 * at a time on the model worker, its progress, the last report and the one before it, and "teach
 * these" (disagreements written into the model as one batch edit, then the same facts audited again
 * to show what changed, collateral included). The last reports survive a restart
 * ({@code <data>/agreement/last.json}).
 */
@ApplicationScoped
public class AgreementService {
    private static final Logger LOG = Logger.getLogger(AgreementService.class);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    /** The sample a run without a size checks. */
    public static final int DEFAULT_SAMPLE = 200;
    public static final int MAX_SAMPLE = 100_000;

    /**
     * Where the audit stands: whether one runs and its last progress line, the latest report, the
     * one before it, what changed between them (after a "teach these", with the taught facts
     * marked), the batch edit that taught them, and the error of a failed run.
     */
    public record Status(boolean running, String progress, AgreementAudit.Report last, AgreementAudit.Report previous,
                         List<AgreementAudit.Change> changes, Long taughtBy, String error) {
    }

    @Inject
    KnowledgeGraph kg;
    @Inject
    ModelGateway model;
    @Inject
    EditService edits;
    @Inject
    dev.concord.controller.EditLock lock;
    @Inject
    ConcordConfig config;

    private volatile Status status = new Status(false, null, null, null, List.of(), null, null);

    @PostConstruct
    void restore() {
        Path f = file();
        if (Files.isRegularFile(f)) {
            try {
                status = JSON.readValue(f.toFile(), Status.class);
                status = new Status(false, null, status.last(), status.previous(), status.changes(), status.taughtBy(),
                        status.error());
            } catch (IOException | RuntimeException e) {
                LOG.warnf("Ignoring the unreadable agreement report %s: %s", f, e.getMessage());
            }
        }
    }

    public Status status() {
        return status;
    }

    /** Starts an audit of a sample of {@code sample} graph facts (0: all) on the model worker. */
    public synchronized Status start(int sample) {
        if (sample < 0 || sample > MAX_SAMPLE) {
            throw ControllerException.badInput("sample must be between 0 (all facts) and " + MAX_SAMPLE + ", found " + sample);
        }
        requireIdleAndReady();
        List<AgreementAudit.Fact> facts = lock.underLock(() -> AgreementAudit.facts(kg, sample, 7));
        if (facts.isEmpty()) {
            throw ControllerException.badInput("no graph fact has a relation with a prompt template: nothing to audit");
        }
        launch(facts, Set.of(), null);
        return status;
    }

    /**
     * "Teach these": the given facts (keys {@code subject|relation|object} from the last report's
     * disagreements) go into the model as one batch edit by {@code admin}; then the last report's
     * facts are audited again.
     */
    public synchronized EditView teach(String admin, List<String> keys) {
        if (keys == null || keys.isEmpty()) {
            throw ControllerException.badInput("expected the facts to teach (keys from the audit's disagreements), found none");
        }
        requireIdleAndReady();
        AgreementAudit.Report last = status.last();
        if (last == null) {
            throw ControllerException.conflict("run the agreement audit first: there are no disagreements to teach");
        }
        Map<String, AgreementAudit.Result> byKey = new HashMap<>();
        last.results().forEach(r -> byKey.put(r.fact().key(), r));
        List<Triple> triples = new ArrayList<>();
        Set<String> taught = new LinkedHashSet<>();
        for (String k : keys) {
            AgreementAudit.Result r = byKey.get(k);
            if (r == null) {
                throw ControllerException.badInput("fact '" + k + "' is not in the last audit");
            }
            if (r.agrees()) {
                throw ControllerException.badInput("the model already agrees on '" + k + "'; nothing to teach");
            }
            if (taught.add(k)) {
                triples.add(resolve(r.fact()));
            }
        }
        EditView v = edits.teach(admin, triples);
        launch(last.results().stream().map(AgreementAudit.Result::fact).toList(), taught, v.id());
        return v;
    }

    private Triple resolve(AgreementAudit.Fact f) {
        return lock.underLock(() -> {
            for (Triple t : kg.match(f.subject(), f.relation(), null)) {
                if (t.object().value().equals(f.object())) {
                    return t;
                }
            }
            throw ControllerException.badInput("the graph no longer holds (" + f.subject() + ", " + f.relation() + ", "
                    + f.object() + "); run the audit again");
        });
    }

    private void requireIdleAndReady() {
        if (status.running()) {
            throw ControllerException.conflict("an agreement audit is already running: " + status.progress());
        }
        ModelGateway.Status s = model.status();
        if (s.state() != ModelGateway.State.READY) {
            throw ControllerException.conflict("the model is not ready (" + s.state() + "): " + s.message());
        }
    }

    private void launch(List<AgreementAudit.Fact> facts, Set<String> taught, Long taughtBy) {
        AgreementAudit.Report before = status.last();
        status = new Status(true, "audit: queued (" + facts.size() + " facts)", before, status.previous(),
                status.changes(), status.taughtBy(), null);
        int tokens = config.model().answerTokens();
        CompletableFuture<AgreementAudit.Report> run = model.submit(ed -> ed
                .map(e -> AgreementAudit.run(facts, e, tokens, this::progress))
                .orElseThrow(() -> ControllerException.conflict("the model is not loaded: " + model.status().message())));
        run.whenComplete((report, error) -> finish(before, report, error, taught, taughtBy));
    }

    private synchronized void progress(String line) {
        status = new Status(true, line, status.last(), status.previous(), status.changes(), status.taughtBy(), null);
    }

    private synchronized void finish(AgreementAudit.Report before, AgreementAudit.Report report, Throwable error,
                                     Set<String> taught, Long taughtBy) {
        if (error != null) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            LOG.warnf("Agreement audit failed: %s", cause.toString());
            status = new Status(false, null, status.last(), status.previous(), status.changes(), status.taughtBy(),
                    "the audit failed: " + cause.getMessage());
            return;
        }
        List<AgreementAudit.Change> changes = before == null ? List.of() : AgreementAudit.compare(before, report, taught);
        status = new Status(false, null, report, before, changes, taughtBy, null);
        LOG.infof("Agreement audit: %d/%d facts agree (%.3f)%s", report.agreeing(), report.checked(), report.agreement(),
                taughtBy == null ? "" : " after batch edit " + taughtBy);
        save();
    }

    private Path file() {
        return Path.of(config.dataDir(), "agreement", "last.json");
    }

    private void save() {
        Path f = file();
        try {
            Files.createDirectories(f.getParent());
            Path tmp = f.resolveSibling("last.json.tmp");
            JSON.writeValue(tmp.toFile(), status);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warnf("Could not keep the agreement report in %s: %s", f, e.getMessage());
        }
    }
}
