package dev.concord.kg.io;

import dev.concord.kg.ImportReport;
import dev.concord.kg.Iris;
import dev.concord.kg.KgException;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.RdfFormat;
import dev.concord.kg.RelationInfo;
import dev.concord.kg.Revision;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;
import dev.concord.kg.jena.JenaBacked;
import dev.concord.kg.jena.JenaKnowledgeGraph;
import dev.concord.kg.jena.JenaSchema;
import dev.concord.kg.jena.JenaTerms;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.ErrorHandlerFactory;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFBase;
import org.apache.jena.riot.system.StreamRDFWriter;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.system.Txn;

/** N-Triples and Turtle import and export of facts, labels, schema and qualifiers. */
public final class RdfIo {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RdfIo.class);
    /** Facts per transaction (and revision) when importing. */
    public static final int BATCH = 50_000;
    private static final int MAX_LISTED_SKIPS = 50;

    private RdfIo() {
    }

    public static ImportReport importRdf(KnowledgeGraph kg, InputStream in, RdfFormat format, String source,
                                         String author) {
        // Facts as Jena triples in the store's own form: TDB2's bulk path takes them as they are.
        Set<org.apache.jena.graph.Triple> facts = new LinkedHashSet<>();
        Graph other = GraphFactory.createDefaultGraph();
        List<ImportReport.Skipped> skipped = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        long[] counts = new long[4]; // read, skipped, in-file duplicates, language tags dropped
        StreamRDF sink = new StreamRDFBase() {
            @Override
            public void triple(org.apache.jena.graph.Triple t) {
                counts[0]++;
                org.apache.jena.graph.Triple f = JenaTerms.canonicalFact(t);
                if (f != null) {
                    if (t.getObject().isLiteral() && !t.getObject().getLiteralLanguage().isEmpty()) {
                        counts[3]++;
                    }
                    if (!facts.add(f)) {
                        counts[2]++;
                    }
                    return;
                }
                Node s = t.getSubject();
                boolean schema = JenaTerms.isRelation(s) || s.isBlank()
                        || JenaTerms.isEntity(s) && t.getPredicate().equals(JenaTerms.RDFS_LABEL);
                if (schema) {
                    other.add(t);
                    return;
                }
                counts[1]++;
                if (skipped.size() < MAX_LISTED_SKIPS) {
                    skipped.add(new ImportReport.Skipped(0, "statement " + counts[0] + " is not a Concord fact "
                            + "(expected <" + Iris.ENTITY + "...> <" + Iris.RELATION + "...> object): " + t));
                }
            }

            @Override
            public void quad(Quad q) {
                triple(q.asTriple());
            }
        };
        try (in) {
            // Parsed on a second thread while this one checks and collects the facts.
            ParseAhead.parse(RDFParser.source(in).lang(format == RdfFormat.TURTLE ? Lang.TURTLE : Lang.NTRIPLES)
                    .errorHandler(ErrorHandlerFactory.errorHandlerStrictNoLogging), sink::triple);
        } catch (RiotException e) {
            throw new KgException(source + ": not valid " + format.name().toLowerCase() + ": " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new KgException("cannot read " + source + ": " + e.getMessage(), e);
        }
        LOG.info("{}: parsed {} statements, {} distinct facts", source, counts[0], facts.size());
        if (counts[1] > skipped.size()) {
            notes.add(counts[1] + " statements outside the Concord namespaces were skipped; the first "
                    + skipped.size() + " are listed");
        }
        if (counts[3] > 0) {
            notes.add(counts[3] + " literals had a language tag, which the store does not keep; stored as plain strings");
        }
        List<RelationInfo> relations = JenaSchema.readAll(other);
        Map<Triple, Map<String, Term.Literal>> qualifiers = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        Iter.iter(other.find(Node.ANY, JenaTerms.RDF_REIFIES, Node.ANY)).forEach(t -> {
            if (t.getObject().isTripleTerm()) {
                Triple f = JenaTerms.fact(t.getObject().getTriple());
                Map<String, Term.Literal> q = JenaSchema.qualifiers(other, t.getObject().getTriple());
                if (f != null && !q.isEmpty()) {
                    qualifiers.put(f, q);
                }
            }
        });
        Iter.iter(other.find(Node.ANY, JenaTerms.RDFS_LABEL, Node.ANY)).forEach(t -> {
            if (JenaTerms.isEntity(t.getSubject()) && t.getObject().isLiteral()) {
                labels.put(JenaTerms.entityName(t.getSubject()), t.getObject().getLiteralLexicalForm());
            }
        });
        for (RelationInfo r : relations) {
            kg.putRelation(r);
        }
        long imported;
        if (kg instanceof JenaKnowledgeGraph jkg) {
            imported = jkg.bulkAddParsed(new ArrayList<>(facts), author, BATCH);
        } else {
            Set<Triple> concord = new LinkedHashSet<>();
            facts.forEach(t -> concord.add(JenaTerms.fact(t)));
            List<Revision> revisions = kg.bulkAdd(concord, author, BATCH);
            imported = revisions.stream().mapToLong(r -> r.changes().added().size()).sum();
        }
        kg.executeWrite(() -> {
            labels.forEach(kg::setLabel);
            Map<Triple, Map<String, Term.Literal>> present = new LinkedHashMap<>();
            qualifiers.forEach((t, q) -> {
                if (kg.contains(t)) {
                    present.put(t, q);
                }
            });
            kg.qualifyAll(present);
        });
        if (!relations.isEmpty() || !labels.isEmpty() || !qualifiers.isEmpty()) {
            notes.add("applied " + relations.size() + " relation schema entries, " + labels.size() + " labels and "
                    + qualifiers.size() + " qualified triples");
        }
        long duplicates = counts[2] + (facts.size() - imported);
        return new ImportReport(source, counts[0], imported, duplicates, skipped, notes);
    }

    /** Streams the graph's facts, labels, schema and qualifiers; returns the number of statements written. */
    public static long export(KnowledgeGraph kg, OutputStream out, RdfFormat format) {
        RDFFormat rdfFormat = format == RdfFormat.TURTLE ? RDFFormat.TURTLE_BLOCKS : RDFFormat.NTRIPLES_UTF8;
        StreamRDF writer = StreamRDFWriter.getWriterStream(out, rdfFormat);
        long[] n = {0};
        writer.start();
        if (format == RdfFormat.TURTLE) {
            writer.prefix("e", Iris.ENTITY);
            writer.prefix("r", Iris.RELATION);
            writer.prefix("concord", Iris.SCHEMA);
            writer.prefix("rdf", Iris.RDF);
            writer.prefix("rdfs", Iris.RDFS);
            writer.prefix("owl", Iris.OWL);
            writer.prefix("skos", Iris.SKOS);
        }
        if (kg instanceof JenaBacked jb) {
            DatasetGraph dsg = jb.dataset();
            Runnable body = () -> Iter.iter(dsg.getDefaultGraph().find()).forEach(t -> {
                writer.triple(t);
                n[0]++;
            });
            kg.executeRead(() -> {
                if (dsg.isInTransaction()) {
                    body.run();
                } else {
                    Txn.executeRead(dsg, body);
                }
            });
        } else {
            Graph g = GraphFactory.createDefaultGraph();
            kg.executeRead(() -> {
                kg.relations().forEach(r -> JenaSchema.write(g, r));
                for (Triple t : kg.match(null, null, null)) {
                    org.apache.jena.graph.Triple j = JenaTerms.jena(t);
                    g.add(j);
                    Map<String, Term.Literal> q = kg.qualifiers(t);
                    if (!q.isEmpty()) {
                        JenaSchema.qualify(g, j, q);
                    }
                }
            });
            Iter.iter(g.find()).forEach(t -> {
                writer.triple(t);
                n[0]++;
            });
        }
        writer.finish();
        return n[0];
    }
}
