package dev.concord.kg.neo4j;

import static dev.concord.kg.neo4j.Neo4jTransactions.run;

import dev.concord.kg.Names;
import dev.concord.kg.RelationInfo;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;
import dev.concord.kg.jena.JenaSchema;
import dev.concord.kg.jena.JenaTerms;
import java.util.List;
import java.util.Map;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;

/** The SPARQL replica of a Neo4j graph: rebuilt whole from Neo4j (at open, and after a missed change). */
final class Neo4jReplica {

    private Neo4jReplica() {
    }

    /** Replaces the replica's content with what Neo4j holds now: schema, labels, facts and qualifiers. */
    static void rebuild(Driver driver, DatasetGraph replica, List<RelationInfo> relations) {
        try (Session s = driver.session()) {
            s.executeRead(tx -> {
                Txn.executeWrite(replica, () -> {
                    replica.clear();
                    Graph g = replica.getDefaultGraph();
                    relations.forEach(r -> JenaSchema.write(g, r));
                    Result labels = tx.run("MATCH (e:Entity) RETURN e.name AS n, e.label AS l");
                    while (labels.hasNext()) {
                        Record r = labels.next();
                        String n = r.get("n").asString();
                        g.add(JenaTerms.entity(n), JenaTerms.RDFS_LABEL, NodeFactory.createLiteralString(
                                r.get("l").isNull() ? Names.label(n) : r.get("l").asString()));
                    }
                    Result facts = tx.run("MATCH (s:Entity)-[r]->(o)" + Neo4jTransactions.RETURN_TRIPLE + ", properties(r) AS props");
                    while (facts.hasNext()) {
                        Record r = facts.next();
                        Triple t = Neo4jTransactions.toTriple(r);
                        org.apache.jena.graph.Triple j = JenaTerms.jena(t);
                        g.add(j);
                        Map<String, Term.Literal> q = Neo4jQualifiers.fromProperties(r.get("props").asMap());
                        if (!q.isEmpty()) {
                            JenaSchema.qualify(g, j, q);
                        }
                    }
                });
                return null;
            });
        }
    }
}
