package dev.concord.kg.jena;

import dev.concord.kg.KgException;
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
            org.apache.jena.graph.Triple j = JenaTerms.jena(t);
            sb.append(NodeFmtLib.strNT(j.getSubject())).append(' ')
                    .append(NodeFmtLib.strNT(j.getPredicate())).append(' ')
                    .append(NodeFmtLib.strNT(j.getObject())).append(" .\n");
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
