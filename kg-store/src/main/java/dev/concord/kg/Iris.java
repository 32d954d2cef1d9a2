package dev.concord.kg;

/**
 * The IRIs Concord writes (ARCHITECTURE.md, Identifiers and the schema): entities, relations, the Concord schema
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
    public static final String RDFS_SUB_PROPERTY_OF = RDFS + "subPropertyOf";
    public static final String OWL_CHAIN = OWL + "propertyChainAxiom";
    public static final String SKOS_ALT_LABEL = SKOS + "altLabel";
    public static final String TEMPLATE = SCHEMA + "template";
    /** Position of an altLabel or template in its list (an annotation on the schema triple). */
    public static final String INDEX = SCHEMA + "index";

    private Iris() {
    }

    public static String entity(String name) {
        return ENTITY + encodeLocal(name);
    }

    public static String relation(String name) {
        return RELATION + encodeLocal(name);
    }

    /**
     * A local name as the last part of an IRI that reads back exactly ({@link #decodeLocal}): the
     * characters that would change the IRI's meaning are percent-encoded ({@code %} as {@code %25},
     * {@code #} {@code %23}, {@code ?} {@code %3F}, {@code /} {@code %2F}), and so is a name made only
     * of dots ("." and ".." are path segments that IRI normalisation would remove). Everything else an
     * IRI may hold stays as written ({@link Names#normalise} refuses what it may not).
     */
    public static String encodeLocal(String name) {
        if (!name.isEmpty() && onlyDots(name)) {
            return "%2E".repeat(name.length());
        }
        StringBuilder sb = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            String esc = switch (c) {
                case '%' -> "%25";
                case '#' -> "%23";
                case '?' -> "%3F";
                case '/' -> "%2F";
                default -> null;
            };
            if (esc != null && sb == null) {
                sb = new StringBuilder(name.length() + 8).append(name, 0, i);
            }
            if (sb != null) {
                sb.append(esc != null ? esc : String.valueOf(c));
            }
        }
        return sb == null ? name : sb.toString();
    }

    private static boolean onlyDots(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) != '.') {
                return false;
            }
        }
        return true;
    }

    /**
     * The local name of an IRI's last part: undoes {@link #encodeLocal}'s escapes ({@code %25},
     * {@code %23}, {@code %3F}, {@code %2F}, {@code %2E}, either case); any other {@code %} sequence is
     * kept as it is (names stored before encoding, such as {@code 100%_sure}, read back unchanged).
     */
    public static String decodeLocal(String local) {
        if (local.indexOf('%') < 0) {
            return local;
        }
        StringBuilder sb = new StringBuilder(local.length());
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c == '%' && i + 2 < local.length() + 0 && i + 2 <= local.length() - 1) {
                String hex = local.substring(i + 1, i + 3).toUpperCase(java.util.Locale.ROOT);
                char d = switch (hex) {
                    case "25" -> '%';
                    case "23" -> '#';
                    case "3F" -> '?';
                    case "2F" -> '/';
                    case "2E" -> '.';
                    default -> 0;
                };
                if (d != 0) {
                    sb.append(d);
                    i += 2;
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
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
