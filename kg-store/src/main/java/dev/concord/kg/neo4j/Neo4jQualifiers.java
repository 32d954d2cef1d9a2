package dev.concord.kg.neo4j;

import static dev.concord.kg.neo4j.Neo4jTransactions.literalKey;
import static dev.concord.kg.neo4j.Neo4jTransactions.rows;
import static dev.concord.kg.neo4j.Neo4jTransactions.run;
import static dev.concord.kg.neo4j.Neo4jTransactions.type;

import dev.concord.kg.KgException;
import dev.concord.kg.Names;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;
import dev.concord.kg.jena.JenaSchema;
import dev.concord.kg.jena.JenaTerms;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.neo4j.driver.Record;

/**
 * Qualifiers on a fact's relationship: {@code q:NAME} holds the lexical form and {@code dt:NAME} the
 * datatype, mirrored as RDF 1.2 annotations into the SPARQL replica.
 */
final class Neo4jQualifiers extends Neo4jPart {
    static final String Q = "q:";
    static final String DT = "dt:";

    Neo4jQualifiers(Neo4jTransactions txs) {
        super(txs);
    }

    /** The qualifiers among a relationship's properties. */
    static Map<String, Term.Literal> fromProperties(Map<String, Object> props) {
        Map<String, Term.Literal> out = new TreeMap<>();
        props.forEach((k, v) -> {
            if (k.startsWith(Q)) {
                String name = k.substring(Q.length());
                Object dt = props.get(DT + name);
                out.put(name, new Term.Literal(String.valueOf(v), dt == null ? null : dt.toString()));
            }
        });
        return out;
    }

    private static String tripleMatch(Triple t, Map<String, Object> p) {
        p.put("s", t.subject());
        String object;
        if (t.object() instanceof Term.Entity e) {
            object = "(o:Entity {name: $o})";
            p.put("o", e.name());
        } else {
            object = "(o:Literal {key: $o})";
            p.put("o", literalKey((Term.Literal) t.object()));
        }
        return "MATCH (s:Entity {name: $s})-[r:" + type(t.relation()) + "]->" + object;
    }

    Map<String, Term.Literal> qualifiers(Triple triple) {
        Map<String, Object> p = new HashMap<>();
        String q = tripleMatch(triple, p) + " RETURN properties(r) AS props";
        return read(tx -> {
            Map<String, Term.Literal> out = new TreeMap<>();
            for (Record r : run(tx, q, p).list()) {
                out.putAll(fromProperties(r.get("props").asMap()));
            }
            return out;
        });
    }

    void qualify(Triple triple, Map<String, Term.Literal> qualifiers) {
        qualifyAll(Map.of(triple, qualifiers));
    }

    /** One UNWIND per relation and object kind; fails, changing nothing, when a triple is absent. */
    void qualifyAll(Map<Triple, Map<String, Term.Literal>> qualifiers) {
        if (qualifiers.isEmpty()) {
            return;
        }
        List<Triple> triples = new ArrayList<>(qualifiers.keySet());
        Map<Triple, Map<String, Term.Literal>> normalised = new LinkedHashMap<>();
        Map<Triple, Map<String, Object>> props = new HashMap<>();
        for (Triple t : triples) {
            Map<String, Object> p = new HashMap<>();
            Map<String, Term.Literal> n = new LinkedHashMap<>();
            for (Map.Entry<String, Term.Literal> e : qualifiers.get(t).entrySet()) {
                String name = Names.normalise(e.getKey());
                if (name.equals("index")) {
                    throw new KgException("qualifier name 'index' is reserved for list positions");
                }
                JenaTerms.literal(e.getValue());
                p.put(Q + name, e.getValue().lexical());
                p.put(DT + name, e.getValue().datatype());
                n.put(name, e.getValue());
            }
            props.put(t, p);
            normalised.put(t, n);
        }
        write(tx -> {
            for (Map.Entry<Neo4jTransactions.Group, List<Map<String, Object>>> g : rows(triples).entrySet()) {
                for (Map<String, Object> row : g.getValue()) {
                    row.put("props", props.get(triples.get((Integer) row.get("i"))));
                }
                String object = g.getKey().literal() ? "(o:Literal {key: row.o})" : "(o:Entity {name: row.o})";
                List<Integer> done = run(tx, "UNWIND $rows AS row MATCH (s:Entity {name: row.s})-[r:"
                        + type(g.getKey().relation()) + "]->" + object + " SET r += row.props RETURN row.i AS i",
                        Map.of("rows", g.getValue())).list(r -> r.get("i").asInt());
                if (done.size() < g.getValue().size()) {
                    Set<Integer> found = new java.util.HashSet<>(done);
                    Triple missing = g.getValue().stream().map(r -> (Integer) r.get("i")).filter(i -> !found.contains(i))
                            .map(triples::get).findFirst().orElseThrow();
                    throw new KgException("cannot qualify " + missing + ": the graph does not hold it");
                }
            }
            onCommit(g -> normalised.forEach((t, q) -> JenaSchema.qualify(g, JenaTerms.jena(t), q)));
            return null;
        });
    }
}
