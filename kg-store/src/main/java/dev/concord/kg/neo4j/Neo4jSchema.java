package dev.concord.kg.neo4j;

import static dev.concord.kg.neo4j.Neo4jTransactions.run;

import dev.concord.kg.Names;
import dev.concord.kg.RelationInfo;
import dev.concord.kg.jena.JenaSchema;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

/**
 * The relation schema in Neo4j: {@code (:Relation {name, label, functional, symmetric, inverse, chain,
 * altLabels, templates, equivalents, broader})}, mirrored as OWL into the SPARQL replica.
 */
final class Neo4jSchema extends Neo4jPart {
    Neo4jSchema(Neo4jTransactions txs) {
        super(txs);
    }

    private static RelationInfo toRelation(Value r, Value reverse) {
        String inverse = r.get("inverse").isNull() ? (reverse.isNull() ? null : reverse.asString()) : r.get("inverse").asString();
        return new RelationInfo(r.get("name").asString(), r.get("functional").asBoolean(false), inverse,
                r.get("symmetric").asBoolean(false), strings(r.get("chain")), strings(r.get("altLabels")),
                strings(r.get("templates")), strings(r.get("equivalents")), strings(r.get("broader")));
    }

    private static List<String> strings(Value v) {
        return v.isNull() ? List.of() : v.asList(Value::asString);
    }

    private static final String READ_RELATION = " OPTIONAL MATCH (x:Relation {inverse: r.name}) "
            + "WITH r, x ORDER BY x.name RETURN r, collect(x.name)[0] AS reverse";

    Optional<RelationInfo> relation(String name) {
        String n = Names.normalise(name);
        return read(tx -> run(tx, "MATCH (r:Relation {name: $n})" + READ_RELATION, Map.of("n", n)).list().stream()
                .findFirst().map(rec -> toRelation(rec.get("r"), rec.get("reverse"))));
    }

    List<RelationInfo> relations() {
        return read(tx -> run(tx, "MATCH (r:Relation)" + READ_RELATION + " ORDER BY r.name", Map.of())
                .list(rec -> toRelation(rec.get("r"), rec.get("reverse"))));
    }

    void declare(TransactionContext tx, Set<String> names) {
        if (names.isEmpty()) {
            return;
        }
        List<String> created = run(tx, "UNWIND $names AS n MERGE (r:Relation {name: n}) "
                        + "ON CREATE SET r.label = replace(n, '_', ' '), r.functional = false, r.symmetric = false, "
                        + "r.created = true WITH r WHERE r.created REMOVE r.created RETURN r.name AS n",
                Map.of("names", List.copyOf(names))).list(r -> r.get("n").asString());
        if (!created.isEmpty()) {
            onCommit(g -> created.forEach(n -> JenaSchema.declare(g, n)));
        }
    }

    void putRelation(RelationInfo info) {
        Map<String, Object> p = new HashMap<>();
        p.put("n", info.name());
        p.put("label", Names.label(info.name()));
        p.put("functional", info.functional());
        p.put("symmetric", info.symmetric());
        p.put("inverse", info.inverse());
        p.put("chain", info.chain());
        p.put("alt", info.altLabels());
        p.put("templates", info.templates());
        p.put("equivalents", info.equivalents());
        p.put("broader", info.broader());
        write(tx -> {
            Set<String> others = new LinkedHashSet<>(info.chain());
            others.addAll(info.equivalents());
            others.addAll(info.broader());
            if (info.inverse() != null) {
                others.add(info.inverse());
            }
            others.remove(info.name());
            declare(tx, others);
            run(tx, "MERGE (r:Relation {name: $n}) SET r.label = coalesce(r.label, $label), r.functional = $functional, "
                    + "r.symmetric = $symmetric, r.inverse = $inverse, r.chain = $chain, r.altLabels = $alt, "
                    + "r.templates = $templates, r.equivalents = $equivalents, r.broader = $broader", p).consume();
            onCommit(g -> JenaSchema.write(g, info));
            return null;
        });
    }
}
