package dev.concord.controller.alignment;

import dev.concord.controller.AuditService;
import dev.concord.controller.ControllerException;
import dev.concord.interpreter.Interpreters;
import dev.concord.interpreter.SentenceEncoder;
import dev.concord.kg.KnowledgeGraph;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Relation alignment proposals: computed from the graph ({@link AlignmentProposer}), kept in the
 * workflow database, decided by an admin. Accepting states the axiom in the graph (under the edit
 * lock) and records who and when in the audit log; the alignment is undone like any other
 * (DELETE /api/kg/alignments). A decided pair is never proposed again.
 */
@ApplicationScoped
public class AlignmentService {
    private static final Logger LOG = Logger.getLogger(AlignmentService.class);

    @Inject
    KnowledgeGraph kg;

    @Inject
    dev.concord.controller.EditLock lock;

    @Inject
    AuditService audit;

    @Inject
    dev.concord.controller.LexiconAdapter lexicon;

    /** The result of a proposal run. */
    public record Run(int created, int pending) {
    }

    /**
     * The result of accepting: the proposal, the aligned set now, and, for a single-valued set, every
     * subject that now has more than one object across it (what the alignment put in conflict, listed
     * for the admin rather than re-checked silently).
     */
    public record Accepted(AlignmentProposal.View proposal, List<String> aligned,
                           List<List<dev.concord.controller.TripleView>> conflicts) {
    }

    private static SentenceEncoder encoder() {
        Optional<SentenceEncoder> e = Interpreters.sentenceEncoder();
        return e.orElseThrow(() -> ControllerException.unavailable("alignment proposals need the sentence encoder: "
                + Interpreters.sentenceEncoderFailure()));
    }

    /** Computes proposals over the graph's relations and stores the new ones as pending. */
    public synchronized Run propose(String actor) {
        List<String> names = kg.relations().stream().map(dev.concord.kg.RelationInfo::name).sorted().toList();
        Set<String> known = new HashSet<>();
        QuarkusTransaction.requiringNew().run(() -> AlignmentProposal.<AlignmentProposal>listAll()
                .forEach(p -> known.add(AlignmentProposer.key(p.a, p.b))));
        long t0 = System.nanoTime();
        List<AlignmentProposer.Proposal> found = new AlignmentProposer(encoder()).propose(kg, known);
        LOG.infof("alignment proposals: %d new pair(s) over %d relations in %d ms", found.size(), kg.relations().size(),
                (System.nanoTime() - t0) / 1_000_000);
        return QuarkusTransaction.requiringNew().call(() -> {
            int created = 0;
            for (AlignmentProposer.Proposal p : found) {
                AlignmentProposal e = new AlignmentProposal();
                e.a = p.a();
                e.b = p.b();
                e.phrasing = p.phrasing();
                e.sharedPairs = p.sharedPairs();
                e.reason = p.reason().length() > 2000 ? p.reason().substring(0, 1997) + "..." : p.reason();
                e.status = AlignmentProposal.PENDING;
                e.createdAt = Instant.now();
                e.persist();
                created++;
            }
            if (created > 0) {
                audit.record(actor, "alignment.proposed", null, created + " relation alignment(s) proposed");
            }
            AlignmentRun run = new AlignmentRun();
            run.relationsHash = digest(names);
            run.relations = names.size();
            run.created = created;
            run.actor = actor.length() > 64 ? actor.substring(0, 64) : actor;
            run.ranAt = Instant.now();
            run.persist();
            return new Run(created, (int) AlignmentProposal.count("status", AlignmentProposal.PENDING));
        });
    }

    /**
     * Proposes when the graph's relations are not those the last run compared: the first start, and
     * a start after an offline import ({@code ./concord kg import}) that brought new relations.
     * Empty when nothing changed.
     */
    public synchronized Optional<Run> proposeIfRelationsChanged(String actor) {
        List<String> names = kg.relations().stream().map(dev.concord.kg.RelationInfo::name).sorted().toList();
        String now = digest(names);
        String last = QuarkusTransaction.requiringNew().call(() -> AlignmentRun.<AlignmentRun>find("order by id desc")
                .firstResultOptional().map(r -> r.relationsHash).orElse(null));
        if (now.equals(last) || names.size() < 2) {
            return Optional.empty();
        }
        LOG.infof("alignment proposals: the graph's %d relations changed since the last run%s; proposing", names.size(),
                last == null ? " (first run)" : "");
        return Optional.of(propose(actor));
    }

    static String digest(List<String> sortedNames) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(md.digest(String.join("\n", sortedNames)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Proposals with this status (null or blank: all), newest first. */
    public List<AlignmentProposal.View> list(String status) {
        String s = status == null || status.isBlank() ? null : status.strip().toUpperCase(Locale.ROOT);
        if (s != null && !Set.of(AlignmentProposal.PENDING, AlignmentProposal.ACCEPTED, AlignmentProposal.REJECTED).contains(s)) {
            throw ControllerException.badInput("status must be pending, accepted or rejected, found '" + status + "'");
        }
        return QuarkusTransaction.requiringNew().call(() -> (s == null
                ? AlignmentProposal.<AlignmentProposal>list("order by id desc")
                : AlignmentProposal.<AlignmentProposal>list("status = ?1 order by id desc", s))
                .stream().map(AlignmentProposal::view).toList());
    }

    /** Accepts a pending proposal: the graph states the alignment; audited with the admin's name. */
    public Accepted accept(long id, String admin) {
        AlignmentProposal.View p = pending(id);
        for (String r : List.of(p.a(), p.b())) {
            if (kg.relation(r).isEmpty()) {
                throw ControllerException.conflict("relation " + r + " no longer exists; reject the proposal instead");
            }
        }
        List<List<dev.concord.controller.TripleView>> conflicts;
        try {
            conflicts = lock.underLock(() -> {
                kg.align(p.a(), p.b());
                return new dev.concord.controller.EditPlanner(kg).alignmentConflicts(p.a());
            });
        } finally {
            lexicon.schemaChanged();
        }
        AlignmentProposal.View done = decide(id, admin, AlignmentProposal.ACCEPTED, null);
        return new Accepted(done, kg.aligned(p.a()), conflicts);
    }

    /** Rejects a pending proposal (it is not proposed again). */
    public AlignmentProposal.View reject(long id, String admin, String reason) {
        pending(id);
        return decide(id, admin, AlignmentProposal.REJECTED, reason);
    }

    private AlignmentProposal.View pending(long id) {
        AlignmentProposal.View p = QuarkusTransaction.requiringNew().call(() -> {
            AlignmentProposal e = AlignmentProposal.findById(id);
            return e == null ? null : e.view();
        });
        if (p == null) {
            throw ControllerException.notFound("no alignment proposal " + id);
        }
        if (!p.status().equals(AlignmentProposal.PENDING)) {
            throw ControllerException.conflict("alignment proposal " + id + " is already " + p.status().toLowerCase(Locale.ROOT));
        }
        return p;
    }

    private AlignmentProposal.View decide(long id, String admin, String status, String note) {
        return QuarkusTransaction.requiringNew().call(() -> {
            AlignmentProposal e = AlignmentProposal.findById(id);
            e.status = status;
            e.decidedBy = admin;
            e.decidedAt = Instant.now();
            e.note = note == null ? null : note.length() > 2000 ? note.substring(0, 1997) + "..." : note;
            audit.record(admin, "alignment." + status.toLowerCase(Locale.ROOT), null,
                    e.a + " owl:equivalentProperty " + e.b + (note == null || note.isBlank() ? "" : ": " + note));
            return e.view();
        });
    }
}
