package dev.concord.kg.jena;

import dev.concord.kg.Iris;
import dev.concord.kg.KgException;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;
import java.util.ArrayList;
import java.util.List;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.out.NodeFmtLib;
import org.apache.jena.riot.system.StreamRDFBase;

/** A list of facts as N-Triples text and back, keeping the order: how revisions store change sets. */
public final class NTriplesText {
    private NTriplesText() {
    }

    public static String write(List<Triple> triples) {
        StringBuilder sb = new StringBuilder();
        for (Triple t : triples) {
            // Entity and relation IRIs are written as they are: Names.normalise refuses every
            // character that N-Triples would need to escape in an IRI (and Jena's general IRI
            // writer is several times slower, which a bulk import of a million facts feels).
            sb.append('<').append(Iris.entity(t.subject())).append("> <").append(Iris.relation(t.relation())).append("> ");
            if (t.object() instanceof Term.Entity e) {
                sb.append('<').append(Iris.entity(e.name())).append('>');
            } else {
                sb.append(NodeFmtLib.strNT(JenaTerms.literal((Term.Literal) t.object())));
            }
            sb.append(" .\n");
        }
        return sb.toString();
    }

    /**
     * {@link #write} for facts already in Jena's form ({@link JenaTerms#jena}, or parsed and checked
     * by {@link JenaTerms#canonicalFact}): their IRIs hold nothing that needs escaping.
     */
    public static String writeJena(List<org.apache.jena.graph.Triple> triples) {
        StringBuilder sb = new StringBuilder(triples.size() * 96);
        for (org.apache.jena.graph.Triple t : triples) {
            sb.append('<').append(t.getSubject().getURI()).append("> <").append(t.getPredicate().getURI()).append("> ");
            if (t.getObject().isURI()) {
                sb.append('<').append(t.getObject().getURI()).append('>');
            } else {
                sb.append(NodeFmtLib.strNT(t.getObject()));
            }
            sb.append(" .\n");
        }
        return sb.toString();
    }

    public static List<Triple> read(String text) {
        List<Triple> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        RDFParser.fromString(text, Lang.NTRIPLES).parse(new StreamRDFBase() {
            @Override
            public void triple(org.apache.jena.graph.Triple t) {
                Triple f = JenaTerms.fact(t);
                if (f == null) {
                    throw new KgException("a stored change set holds " + t + ", which is not a fact");
                }
                out.add(f);
            }
        });
        return out;
    }
}
