package dev.concord.kg.jena;

import dev.concord.kg.Iris;
import dev.concord.kg.KgException;
import dev.concord.kg.Names;
import dev.concord.kg.Triple;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.TxnType;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.progress.MonitorOutput;
import org.apache.jena.tdb2.loader.DataLoader;
import org.apache.jena.tdb2.loader.LoaderFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A large import into TDB2 through Jena's own bulk loader (the machinery behind
 * {@code tdb2.tdbloader}), with what {@link JenaKnowledgeGraph#apply} would also have written: the
 * declarations of new relations, labels of new entities, one revision per batch and the revision
 * counter, all in the same load.
 *
 * <p>Steps: the facts are converted (an invalid literal fails before anything is written), then a
 * read transaction finds the ones the store lacks, the relations it does not declare and the
 * entities without a label, then one loader run writes all of it. The loader locks every other
 * transaction out while it runs (readers wait). It is Jena's own atomicity: a failure during the load
 * aborts it, but a crash of the JVM while the loader finishes writing can leave part of it (Jena's
 * documentation says the same of {@code tdbloader}).
 *
 * <p>The counter quad is added, not replaced (a loader only adds), so for a moment the counter holds
 * two values; {@link JenaKnowledgeGraph#currentRevision} reads the largest and the next commit keeps
 * one.
 */
final class TdbBulkLoad {
    private static final Logger LOG = LoggerFactory.getLogger(TdbBulkLoad.class);
    /** Fewer facts than this go through ordinary write transactions: a loader run costs threads and a lock-out. */
    static final int MIN_FACTS = 20_000;

    private TdbBulkLoad() {
    }

    /** The loader's kind: {@code concord.kg.loader} (parallel, phased, sequential, basic), default parallel. */
    static String loaderKind() {
        return System.getProperty("concord.kg.loader", "parallel").strip().toLowerCase(Locale.ROOT);
    }

    /** What a load wrote: the new facts of each revision, from {@code firstRevision} on, all at {@code time}. */
    record Result(long firstRevision, Instant time, List<List<org.apache.jena.graph.Triple>> batches) {
        long added() {
            return batches.stream().mapToLong(List::size).sum();
        }
    }

    /**
     * Loads the facts (distinct, each as {@link JenaTerms#jena} writes it) that the store lacks;
     * returns what it wrote, or null (nothing written) when fewer than {@link #MIN_FACTS} are new,
     * for the caller's transactional path.
     */
    static Result load(DatasetGraph dsg, Graph facts, List<org.apache.jena.graph.Triple> distinct, String author,
                       int batchSize, long firstNumber) {
        long t0 = System.nanoTime();
        // What the store lacks, read in one transaction.
        List<org.apache.jena.graph.Triple> effective = new ArrayList<>(distinct.size());
        List<org.apache.jena.graph.Triple> extra = new ArrayList<>();
        dsg.begin(TxnType.READ);
        try {
            Map<Node, Boolean> relationHasFacts = new HashMap<>();
            Set<Node> relations = new LinkedHashSet<>();
            Set<Node> entities = new HashSet<>(distinct.size() / 4);
            for (org.apache.jena.graph.Triple t : distinct) {
                boolean used = relationHasFacts.computeIfAbsent(t.getPredicate(), p -> facts.contains(Node.ANY, p, Node.ANY));
                if (!used || !facts.contains(t)) {
                    effective.add(t);
                    relations.add(t.getPredicate());
                    entities.add(t.getSubject());
                    if (t.getObject().isURI()) {
                        entities.add(t.getObject());
                    }
                }
            }
            if (effective.size() < MIN_FACTS) {
                return null;
            }
            for (Node r : relations) {
                extra.addAll(JenaSchema.declaration(facts, JenaTerms.relationName(r)));
            }
            Set<Node> labelled = labelledAmong(facts, entities);
            for (Node e : entities) {
                if (!labelled.contains(e)) {
                    extra.add(org.apache.jena.graph.Triple.create(e, JenaTerms.RDFS_LABEL,
                            NodeFactory.createLiteralString(Names.label(JenaTerms.entityName(e)))));
                }
            }
        } finally {
            dsg.end();
        }
        long t1 = System.nanoTime();
        Instant time = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<List<org.apache.jena.graph.Triple>> batches = new ArrayList<>();
        List<Quad> revisionQuads = new ArrayList<>();
        long number = firstNumber;
        for (int from = 0; from < effective.size(); from += batchSize) {
            List<org.apache.jena.graph.Triple> batch = effective.subList(from, Math.min(effective.size(), from + batchSize));
            batches.add(batch);
            revisionQuads.addAll(revisionQuads(number, time, author, batch));
            number++;
        }
        revisionQuads.add(Quad.create(JenaTerms.REVISIONS_GRAPH, JenaKnowledgeGraph.COUNTER, JenaKnowledgeGraph.CURRENT,
                NodeFactory.createLiteralDT(Long.toString(number - 1), XSDDatatype.XSDlong)));
        MonitorOutput output = (fmt, args) -> LOG.info(String.format(Locale.ROOT, fmt, args));
        DataLoader loader = switch (loaderKind()) {
            case "parallel" -> LoaderFactory.parallelLoader(dsg, output);
            case "phased" -> LoaderFactory.phasedLoader(dsg, output);
            case "sequential" -> LoaderFactory.sequentialLoader(dsg, output);
            case "basic" -> LoaderFactory.basicLoader(dsg, output);
            default -> throw new KgException("concord.kg.loader must be parallel, phased, sequential or basic, found '"
                    + loaderKind() + "'");
        };
        loader.startBulk();
        try {
            StreamRDF stream = loader.stream();
            stream.start();
            extra.forEach(stream::triple);
            effective.forEach(stream::triple);
            revisionQuads.forEach(stream::quad);
            stream.finish();
            loader.finishBulk();
        } catch (RuntimeException e) {
            loader.finishException(e);
            throw new KgException("the bulk load into TDB2 failed: " + e.getMessage(), e);
        }
        long t2 = System.nanoTime();
        LOG.info("bulk load: {} facts new of {} distinct ({} schema and label triples, {} revisions); checked in {} ms, loaded in {} ms",
                effective.size(), distinct.size(), extra.size(), batches.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        return new Result(firstNumber, time, batches);
    }

    /**
     * The entities among {@code entities} that have a label. When the store holds fewer labels than
     * there are entities to ask about (a fresh store), one pass over the labels answers; otherwise a
     * lookup each.
     */
    private static Set<Node> labelledAmong(Graph facts, Set<Node> entities) {
        Set<Node> withLabel = new HashSet<>();
        var it = facts.find(Node.ANY, JenaTerms.RDFS_LABEL, Node.ANY);
        try {
            while (it.hasNext()) {
                withLabel.add(it.next().getSubject());
                if (withLabel.size() > entities.size()) {
                    withLabel.clear();
                    for (Node e : entities) {
                        if (facts.contains(e, JenaTerms.RDFS_LABEL, Node.ANY)) {
                            withLabel.add(e);
                        }
                    }
                    return withLabel;
                }
            }
        } finally {
            it.close();
        }
        return withLabel;
    }

    private static List<Quad> revisionQuads(long number, Instant time, String author,
                                            List<org.apache.jena.graph.Triple> added) {
        Node g = JenaTerms.REVISIONS_GRAPH;
        Node rev = NodeFactory.createURI(Iris.REVISION + number);
        return List.of(
                Quad.create(g, rev, JenaTerms.RDF_TYPE, JenaKnowledgeGraph.REVISION_CLASS),
                Quad.create(g, rev, JenaKnowledgeGraph.NUMBER, NodeFactory.createLiteralDT(Long.toString(number), XSDDatatype.XSDlong)),
                Quad.create(g, rev, JenaKnowledgeGraph.TIME, NodeFactory.createLiteralDT(time.toString(), XSDDatatype.XSDdateTime)),
                Quad.create(g, rev, JenaKnowledgeGraph.AUTHOR, NodeFactory.createLiteralString(author)),
                Quad.create(g, rev, JenaKnowledgeGraph.ADDED, NodeFactory.createLiteralString(NTriplesText.writeJena(added))),
                Quad.create(g, rev, JenaKnowledgeGraph.REMOVED, NodeFactory.createLiteralString("")));
    }

    /** Distinct facts in first-seen order, as Jena triples. */
    static List<org.apache.jena.graph.Triple> distinct(java.util.Iterator<Triple> triples) {
        Set<Triple> seen = new HashSet<>();
        List<org.apache.jena.graph.Triple> out = new ArrayList<>();
        while (triples.hasNext()) {
            Triple t = triples.next();
            if (seen.add(t)) {
                out.add(JenaTerms.jena(t));
            }
        }
        return out;
    }
}
