package dev.concord.kg.jena;

import static dev.concord.kg.jena.JenaTerms.INDEX;
import static dev.concord.kg.jena.JenaTerms.OWL_CHAIN;
import static dev.concord.kg.jena.JenaTerms.OWL_EQUIVALENT;
import static dev.concord.kg.jena.JenaTerms.OWL_FUNCTIONAL;
import static dev.concord.kg.jena.JenaTerms.OWL_INVERSE_OF;
import static dev.concord.kg.jena.JenaTerms.OWL_SYMMETRIC;
import static dev.concord.kg.jena.JenaTerms.RDFS_LABEL;
import static dev.concord.kg.jena.JenaTerms.RDFS_SUB_PROPERTY;
import static dev.concord.kg.jena.JenaTerms.RDF_FIRST;
import static dev.concord.kg.jena.JenaTerms.RDF_NIL;
import static dev.concord.kg.jena.JenaTerms.RDF_PROPERTY;
import static dev.concord.kg.jena.JenaTerms.RDF_REIFIES;
import static dev.concord.kg.jena.JenaTerms.RDF_REST;
import static dev.concord.kg.jena.JenaTerms.RDF_TYPE;
import static dev.concord.kg.jena.JenaTerms.SKOS_ALT_LABEL;
import static dev.concord.kg.jena.JenaTerms.TEMPLATE;

import dev.concord.kg.Iris;
import dev.concord.kg.KgException;
import dev.concord.kg.Names;
import dev.concord.kg.RelationInfo;
import dev.concord.kg.Term;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;

/**
 * The relation schema as OWL inside a Jena graph (ARCHITECTURE.md, Identifiers and the schema), entity labels,
 * and RDF 1.2 annotations (qualifiers and list positions). Callers hold the transaction.
 *
 * <p>Ordered values (altLabels, templates) are one triple per value plus an annotation
 * {@code << rel skos:altLabel "born in" >> concord:index 0}, so SPARQL sees plain
 * {@code skos:altLabel} triples and Java gets the order back.
 */
public final class JenaSchema {
    private JenaSchema() {
    }

    // --- labels and declarations ----------------------------------------------------------------

    /** Adds an entity's rdfs:label (its human form) when it has none. */
    public static void ensureLabel(Graph g, String entity) {
        Node e = JenaTerms.entity(entity);
        if (!g.contains(e, RDFS_LABEL, Node.ANY)) {
            g.add(e, RDFS_LABEL, NodeFactory.createLiteralString(Names.label(entity)));
        }
    }

    /** Declares a relation as an rdf:Property with a label, when it is not declared yet. */
    public static boolean declare(Graph g, String relation) {
        List<Triple> missing = declaration(g, relation);
        missing.forEach(g::add);
        return !missing.isEmpty();
    }

    /** The triples that {@link #declare} would add (none when the relation is declared). */
    public static List<Triple> declaration(Graph g, String relation) {
        Node r = JenaTerms.relation(relation);
        if (g.contains(r, RDF_TYPE, RDF_PROPERTY)) {
            return List.of();
        }
        List<Triple> out = new ArrayList<>(2);
        out.add(Triple.create(r, RDF_TYPE, RDF_PROPERTY));
        if (!g.contains(r, RDFS_LABEL, Node.ANY)) {
            out.add(Triple.create(r, RDFS_LABEL, NodeFactory.createLiteralString(Names.label(relation))));
        }
        return out;
    }

    // --- relation schema ----------------------------------------------------------------------

    /** Replaces everything the schema says about one relation with {@code info}. */
    public static void write(Graph g, RelationInfo info) {
        Node r = JenaTerms.relation(info.name());
        clear(g, r);
        declare(g, info.name());
        if (info.functional()) {
            g.add(r, RDF_TYPE, OWL_FUNCTIONAL);
        }
        if (info.symmetric()) {
            g.add(r, RDF_TYPE, OWL_SYMMETRIC);
        }
        if (info.inverse() != null) {
            declare(g, info.inverse());
            g.add(r, OWL_INVERSE_OF, JenaTerms.relation(info.inverse()));
        }
        if (!info.chain().isEmpty()) {
            Node rest = RDF_NIL;
            for (int i = info.chain().size() - 1; i >= 0; i--) {
                declare(g, info.chain().get(i));
                Node cell = NodeFactory.createBlankNode();
                g.add(cell, RDF_FIRST, JenaTerms.relation(info.chain().get(i)));
                g.add(cell, RDF_REST, rest);
                rest = cell;
            }
            g.add(r, OWL_CHAIN, rest);
        }
        writeOrdered(g, r, SKOS_ALT_LABEL, info.altLabels());
        writeOrdered(g, r, TEMPLATE, info.templates());
        for (String e : info.equivalents()) {
            declare(g, e);
            g.add(r, OWL_EQUIVALENT, JenaTerms.relation(e));
        }
        for (String b : info.broader()) {
            declare(g, b);
            g.add(r, RDFS_SUB_PROPERTY, JenaTerms.relation(b));
        }
    }

    private static void clear(Graph g, Node r) {
        g.delete(Triple.create(r, RDF_TYPE, OWL_FUNCTIONAL));
        g.delete(Triple.create(r, RDF_TYPE, OWL_SYMMETRIC));
        g.remove(r, OWL_INVERSE_OF, Node.ANY);
        g.remove(r, OWL_EQUIVALENT, Node.ANY);
        g.remove(r, RDFS_SUB_PROPERTY, Node.ANY);
        for (Triple t : g.find(r, OWL_CHAIN, Node.ANY).toList()) {
            Node cell = t.getObject();
            while (cell != null && !cell.equals(RDF_NIL)) {
                Node next = g.find(cell, RDF_REST, Node.ANY).nextOptional().map(Triple::getObject).orElse(null);
                g.remove(cell, Node.ANY, Node.ANY);
                cell = next;
            }
            g.delete(t);
        }
        for (Node p : List.of(SKOS_ALT_LABEL, TEMPLATE)) {
            for (Triple t : g.find(r, p, Node.ANY).toList()) {
                removeAnnotations(g, t);
                g.delete(t);
            }
        }
    }

    private static void writeOrdered(Graph g, Node r, Node p, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            Triple t = Triple.create(r, p, NodeFactory.createLiteralString(values.get(i)));
            if (g.contains(t)) {
                continue;
            }
            g.add(t);
            Node reifier = NodeFactory.createBlankNode();
            g.add(reifier, RDF_REIFIES, NodeFactory.createTripleTerm(t));
            g.add(reifier, INDEX, NodeFactory.createLiteralDT(Integer.toString(i), XSDDatatype.XSDinteger));
        }
    }

    private static List<String> readOrdered(Graph g, Node r, Node p) {
        TreeMap<Long, String> ordered = new TreeMap<>();
        long unindexed = Long.MAX_VALUE / 2;
        for (Triple t : g.find(r, p, Node.ANY).toList()) {
            if (!t.getObject().isLiteral()) {
                continue;
            }
            long index = unindexed++;
            for (Node reifier : reifiers(g, t)) {
                Optional<Triple> idx = g.find(reifier, INDEX, Node.ANY).nextOptional();
                if (idx.isPresent() && idx.get().getObject().isLiteral()) {
                    index = Long.parseLong(idx.get().getObject().getLiteralLexicalForm());
                }
            }
            ordered.put(index, t.getObject().getLiteralLexicalForm());
        }
        return new ArrayList<>(ordered.values());
    }

    /** What the schema says about one relation, or empty when it is not declared. */
    public static Optional<RelationInfo> read(Graph g, String name) {
        Node r = JenaTerms.relation(Names.normalise(name));
        boolean declared = g.contains(r, RDF_TYPE, RDF_PROPERTY) || g.contains(r, RDF_TYPE, OWL_FUNCTIONAL)
                || g.contains(r, OWL_INVERSE_OF, Node.ANY) || g.contains(r, OWL_CHAIN, Node.ANY);
        if (!declared) {
            return Optional.empty();
        }
        boolean functional = g.contains(r, RDF_TYPE, OWL_FUNCTIONAL);
        boolean symmetric = g.contains(r, RDF_TYPE, OWL_SYMMETRIC);
        String inverse = g.find(r, OWL_INVERSE_OF, Node.ANY).toList().stream()
                .map(Triple::getObject).filter(JenaTerms::isRelation).map(JenaTerms::relationName)
                .sorted().findFirst()
                // owl:inverseOf is symmetric: a relation declared as the inverse of this one counts too.
                .orElseGet(() -> g.find(Node.ANY, OWL_INVERSE_OF, r).toList().stream()
                        .map(Triple::getSubject).filter(JenaTerms::isRelation).map(JenaTerms::relationName)
                        .sorted().findFirst().orElse(null));
        List<String> chain = new ArrayList<>();
        Optional<Triple> head = g.find(r, OWL_CHAIN, Node.ANY).nextOptional();
        if (head.isPresent()) {
            Node cell = head.get().getObject();
            while (cell != null && !cell.equals(RDF_NIL) && chain.size() <= 2) {
                g.find(cell, RDF_FIRST, Node.ANY).nextOptional().map(Triple::getObject)
                        .filter(JenaTerms::isRelation).ifPresent(n -> chain.add(JenaTerms.relationName(n)));
                cell = g.find(cell, RDF_REST, Node.ANY).nextOptional().map(Triple::getObject).orElse(null);
            }
        }
        List<String> equivalents = g.find(r, OWL_EQUIVALENT, Node.ANY).toList().stream()
                .map(Triple::getObject).filter(JenaTerms::isRelation).map(JenaTerms::relationName).toList();
        List<String> broader = g.find(r, RDFS_SUB_PROPERTY, Node.ANY).toList().stream()
                .map(Triple::getObject).filter(JenaTerms::isRelation).map(JenaTerms::relationName).toList();
        return Optional.of(new RelationInfo(JenaTerms.relationName(r), functional, inverse, symmetric, chain,
                readOrdered(g, r, SKOS_ALT_LABEL), readOrdered(g, r, TEMPLATE), equivalents, broader));
    }

    /** Every declared relation, sorted by name. */
    public static List<RelationInfo> readAll(Graph g) {
        return g.find(Node.ANY, RDF_TYPE, RDF_PROPERTY).toList().stream()
                .map(Triple::getSubject).filter(JenaTerms::isRelation).map(JenaTerms::relationName)
                .distinct().sorted()
                .map(n -> read(g, n).orElseThrow())
                .sorted(Comparator.comparing(RelationInfo::name))
                .toList();
    }

    // --- annotations --------------------------------------------------------------------------

    static List<Node> reifiers(Graph g, Triple t) {
        return g.find(Node.ANY, RDF_REIFIES, NodeFactory.createTripleTerm(t)).toList().stream()
                .map(Triple::getSubject).toList();
    }

    /** Removes every annotation of a triple (its reifiers and what they say). */
    public static void removeAnnotations(Graph g, Triple t) {
        for (Node reifier : reifiers(g, t)) {
            g.remove(reifier, Node.ANY, Node.ANY);
        }
    }

    /** The Concord-namespace annotations of a triple, by local name (list positions excluded). */
    public static Map<String, Term.Literal> qualifiers(Graph g, Triple t) {
        Map<String, Term.Literal> out = new TreeMap<>();
        for (Node reifier : reifiers(g, t)) {
            for (Triple a : g.find(reifier, Node.ANY, Node.ANY).toList()) {
                Node p = a.getPredicate();
                if (p.isURI() && p.getURI().startsWith(Iris.SCHEMA) && !p.equals(INDEX) && a.getObject().isLiteral()) {
                    out.put(p.getURI().substring(Iris.SCHEMA.length()),
                            (Term.Literal) JenaTerms.term(a.getObject()));
                }
            }
        }
        return out;
    }

    /** Sets annotations on a triple, replacing ones of the same name. */
    public static void qualify(Graph g, Triple t, Map<String, Term.Literal> qualifiers) {
        Map<Node, Node> values = new LinkedHashMap<>();
        for (Map.Entry<String, Term.Literal> q : qualifiers.entrySet()) {
            String name = Names.normalise(q.getKey());
            if (name.equals("index")) {
                throw new KgException("qualifier name 'index' is reserved for list positions");
            }
            values.put(JenaTerms.schema(name), JenaTerms.literal(q.getValue()));
        }
        List<Node> existing = reifiers(g, t);
        Node reifier = existing.isEmpty() ? NodeFactory.createBlankNode() : existing.get(0);
        if (existing.isEmpty()) {
            g.add(reifier, RDF_REIFIES, NodeFactory.createTripleTerm(t));
        }
        for (Map.Entry<Node, Node> v : values.entrySet()) {
            for (Node other : existing) {
                g.remove(other, v.getKey(), Node.ANY);
            }
            g.add(reifier, v.getKey(), v.getValue());
        }
    }
}
