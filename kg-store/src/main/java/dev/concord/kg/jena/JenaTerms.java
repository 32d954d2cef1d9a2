package dev.concord.kg.jena;

import dev.concord.kg.Iris;
import dev.concord.kg.KgException;
import dev.concord.kg.Names;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;
import org.apache.jena.datatypes.RDFDatatype;
import org.apache.jena.datatypes.TypeMapper;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;

/** Conversions between Concord's {@link Triple}/{@link Term} and Jena nodes (ARCHITECTURE.md, Identifiers and the schema). */
public final class JenaTerms {
    public static final Node RDF_TYPE = NodeFactory.createURI(Iris.RDF_TYPE);
    public static final Node RDF_PROPERTY = NodeFactory.createURI(Iris.RDF_PROPERTY);
    public static final Node RDF_REIFIES = NodeFactory.createURI(Iris.RDF_REIFIES);
    public static final Node RDF_FIRST = NodeFactory.createURI(Iris.RDF + "first");
    public static final Node RDF_REST = NodeFactory.createURI(Iris.RDF + "rest");
    public static final Node RDF_NIL = NodeFactory.createURI(Iris.RDF + "nil");
    public static final Node RDFS_LABEL = NodeFactory.createURI(Iris.RDFS_LABEL);
    public static final Node OWL_FUNCTIONAL = NodeFactory.createURI(Iris.OWL_FUNCTIONAL);
    public static final Node OWL_SYMMETRIC = NodeFactory.createURI(Iris.OWL_SYMMETRIC);
    public static final Node OWL_INVERSE_OF = NodeFactory.createURI(Iris.OWL_INVERSE_OF);
    public static final Node OWL_EQUIVALENT = NodeFactory.createURI(Iris.OWL_EQUIVALENT_PROPERTY);
    public static final Node RDFS_SUB_PROPERTY = NodeFactory.createURI(Iris.RDFS_SUB_PROPERTY_OF);
    public static final Node OWL_CHAIN = NodeFactory.createURI(Iris.OWL_CHAIN);
    public static final Node SKOS_ALT_LABEL = NodeFactory.createURI(Iris.SKOS_ALT_LABEL);
    public static final Node TEMPLATE = NodeFactory.createURI(Iris.TEMPLATE);
    public static final Node INDEX = NodeFactory.createURI(Iris.INDEX);
    public static final Node REVISIONS_GRAPH = NodeFactory.createURI(Iris.REVISIONS_GRAPH);

    private JenaTerms() {
    }

    public static Node entity(String name) {
        return NodeFactory.createURI(Iris.entity(name));
    }

    public static Node relation(String name) {
        return NodeFactory.createURI(Iris.relation(name));
    }

    public static Node schema(String localName) {
        return NodeFactory.createURI(Iris.SCHEMA + localName);
    }

    public static boolean isEntity(Node n) {
        return n.isURI() && n.getURI().startsWith(Iris.ENTITY) && n.getURI().length() > Iris.ENTITY.length();
    }

    public static boolean isRelation(Node n) {
        return n.isURI() && n.getURI().startsWith(Iris.RELATION) && n.getURI().length() > Iris.RELATION.length();
    }

    public static String entityName(Node n) {
        return Iris.decodeLocal(n.getURI().substring(Iris.ENTITY.length()));
    }

    public static String relationName(Node n) {
        return Iris.decodeLocal(n.getURI().substring(Iris.RELATION.length()));
    }

    /** A literal node; a lexical form that its XSD datatype rejects is an error, not a silent ill-typed value. */
    public static Node literal(Term.Literal lit) {
        if (lit.datatype().equals(Term.XSD_STRING)) {
            return NodeFactory.createLiteralString(lit.lexical());
        }
        RDFDatatype dt = TypeMapper.getInstance().getSafeTypeByName(lit.datatype());
        if (lit.datatype().startsWith(Term.XSD) && !dt.isValid(lit.lexical())) {
            throw new KgException("literal '" + lit.lexical() + "' is not a valid " + lit.datatype());
        }
        return NodeFactory.createLiteralDT(lit.lexical(), dt);
    }

    public static Node node(Term term) {
        if (term instanceof Term.Entity e) {
            return entity(e.name());
        }
        return literal((Term.Literal) term);
    }

    /** The term a node stands for, or null when it is neither a Concord entity nor a literal. */
    public static Term term(Node n) {
        if (isEntity(n)) {
            return new Term.Entity(entityName(n));
        }
        if (n.isLiteral()) {
            String lang = n.getLiteralLanguage();
            String dt = lang != null && !lang.isEmpty() ? Term.XSD_STRING : n.getLiteralDatatypeURI();
            return new Term.Literal(n.getLiteralLexicalForm(), dt);
        }
        return null;
    }

    public static org.apache.jena.graph.Triple jena(Triple t) {
        return org.apache.jena.graph.Triple.create(entity(t.subject()), relation(t.relation()), node(t.object()));
    }

    /**
     * The fact a Jena triple stands for, as {@link #jena} writes it, or null when it is not a fact:
     * the same as {@code jena(fact(t))}, but the triple itself when it is written that way already
     * (the common case for parsed data, which then costs no new nodes). Fails as {@link #fact} does on
     * a name the store cannot hold.
     */
    public static org.apache.jena.graph.Triple canonicalFact(org.apache.jena.graph.Triple t) {
        if (!isEntity(t.getSubject()) || !isRelation(t.getPredicate())) {
            return null;
        }
        Node o = t.getObject();
        boolean plainObject = isEntity(o) ? canonical(o.getURI(), Iris.ENTITY)
                : o.isLiteral() && o.getLiteralLanguage().isEmpty() && o.getLiteralDatatypeURI().equals(Term.XSD_STRING);
        if (plainObject && canonical(t.getSubject().getURI(), Iris.ENTITY) && canonical(t.getPredicate().getURI(), Iris.RELATION)) {
            return t;
        }
        Triple f = fact(t);
        return f == null ? null : jena(f);
    }

    private static boolean canonical(String iri, String namespace) {
        String local = iri.substring(namespace.length());
        String name = Iris.decodeLocal(local);
        return name.equals(Names.normalise(name)) && Iris.encodeLocal(name).equals(local);
    }

    /** The fact a Jena triple stands for, or null when it is schema, a label or foreign data. */
    public static Triple fact(org.apache.jena.graph.Triple t) {
        if (!isEntity(t.getSubject()) || !isRelation(t.getPredicate())) {
            return null;
        }
        Term o = term(t.getObject());
        return o == null ? null : new Triple(entityName(t.getSubject()), relationName(t.getPredicate()), o);
    }
}
