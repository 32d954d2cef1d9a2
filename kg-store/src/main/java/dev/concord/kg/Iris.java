package dev.concord.kg;

/**
 * The IRIs Concord writes (DESIGN.md, Identifiers): entities, relations, the Concord schema
 * vocabulary, and the named graph that holds revision bookkeeping.
 */
public final class Iris {
    public static final String ENTITY = "http://concord.local/entity/";
    public static final String RELATION = "http://concord.local/relation/";
    public static final String SCHEMA = "http://concord.local/schema#";
    public static final String REVISION = "http://concord.local/revision/";
    /** Named graph holding revisions and the revision counter (not part of the facts). */
    public static final String REVISIONS_GRAPH = "http://concord.local/graph/revisions";

    public static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public static final String RDFS = "http://www.w3.org/2000/01/rdf-schema#";
    public static final String OWL = "http://www.w3.org/2002/07/owl#";
    public static final String SKOS = "http://www.w3.org/2004/02/skos/core#";

    public static final String RDF_TYPE = RDF + "type";
    public static final String RDF_PROPERTY = RDF + "Property";
    public static final String RDF_REIFIES = RDF + "reifies";
    public static final String RDFS_LABEL = RDFS + "label";
    public static final String OWL_FUNCTIONAL = OWL + "FunctionalProperty";
    public static final String OWL_SYMMETRIC = OWL + "SymmetricProperty";
    public static final String OWL_INVERSE_OF = OWL + "inverseOf";
    public static final String OWL_EQUIVALENT_PROPERTY = OWL + "equivalentProperty";
    public static final String OWL_CHAIN = OWL + "propertyChainAxiom";
    public static final String SKOS_ALT_LABEL = SKOS + "altLabel";
    public static final String TEMPLATE = SCHEMA + "template";
    /** Position of an altLabel or template in its list (an annotation on the schema triple). */
    public static final String INDEX = SCHEMA + "index";

    private Iris() {
    }

    public static String entity(String name) {
        return ENTITY + name;
    }

    public static String relation(String name) {
        return RELATION + name;
    }

    /** The IRI of a qualifier such as {@code startYear}. */
    public static String qualifier(String name) {
        return SCHEMA + name;
    }

    /** Turtle/SPARQL prefixes for the namespaces above. */
    public static String prefixes() {
        return "PREFIX e: <" + ENTITY + ">\nPREFIX r: <" + RELATION + ">\nPREFIX concord: <" + SCHEMA + ">\n"
                + "PREFIX rdf: <" + RDF + ">\nPREFIX rdfs: <" + RDFS + ">\nPREFIX owl: <" + OWL + ">\nPREFIX skos: <" + SKOS + ">\n";
    }
}
