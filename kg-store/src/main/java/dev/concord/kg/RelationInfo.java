package dev.concord.kg;

import java.util.List;

/**
 * What the schema says about one relation (stored in the graph as OWL, ARCHITECTURE.md):
 * {@code functional} = owl:FunctionalProperty (single-valued), {@code inverse} = owl:inverseOf
 * (null when none), {@code symmetric} = owl:SymmetricProperty, {@code chain} = the
 * owl:propertyChainAxiom that derives this relation (for example {@code [father, father]} for
 * {@code paternal_grandfather}; empty when none), {@code altLabels} = skos:altLabel phrasings
 * ("born in"), {@code templates} = concord:template prompt templates with {subject}
 * ("{subject} was born in"), {@code equivalents} = owl:equivalentProperty: relations that mean the same
 * (YAGO's {@code wasBornIn} and OneEdit's {@code born_in}), symmetric; {@code broader} = rdfs:subPropertyOf:
 * relations this one is a narrower case of ({@code wife} under {@code spouse}: a wife is a spouse).
 */
public record RelationInfo(String name, boolean functional, String inverse, boolean symmetric,
                           List<String> chain, List<String> altLabels, List<String> templates,
                           List<String> equivalents, List<String> broader) {

    /** A relation under no other. */
    public RelationInfo(String name, boolean functional, String inverse, boolean symmetric, List<String> chain,
                        List<String> altLabels, List<String> templates, List<String> equivalents) {
        this(name, functional, inverse, symmetric, chain, altLabels, templates, equivalents, List.of());
    }

    /** A relation aligned with no other. */
    public RelationInfo(String name, boolean functional, String inverse, boolean symmetric, List<String> chain,
                        List<String> altLabels, List<String> templates) {
        this(name, functional, inverse, symmetric, chain, altLabels, templates, List.of());
    }

    public RelationInfo {
        name = Names.normalise(name);
        inverse = inverse == null || inverse.isBlank() ? null : Names.normalise(inverse);
        chain = chain == null ? List.of() : chain.stream().map(Names::normalise).toList();
        if (!chain.isEmpty() && chain.size() != 2) {
            throw new KgException("a property chain has 2 relations, found " + chain.size() + " for " + name);
        }
        altLabels = altLabels == null ? List.of() : List.copyOf(altLabels);
        templates = templates == null ? List.of() : List.copyOf(templates);
        String self = name;
        equivalents = equivalents == null ? List.of() : equivalents.stream().map(Names::normalise)
                .filter(e -> !e.equals(self)).distinct().sorted().toList();
        broader = broader == null ? List.of() : broader.stream().map(Names::normalise)
                .filter(e -> !e.equals(self)).distinct().sorted().toList();
    }

    /** This relation with {@code others} as its owl:equivalentProperty set. */
    public RelationInfo withEquivalents(List<String> others) {
        return new RelationInfo(name, functional, inverse, symmetric, chain, altLabels, templates, others, broader);
    }

    /** This relation with {@code others} as its rdfs:subPropertyOf set. */
    public RelationInfo withBroader(List<String> others) {
        return new RelationInfo(name, functional, inverse, symmetric, chain, altLabels, templates, equivalents, others);
    }

    /** This relation, single-valued or not. */
    public RelationInfo withFunctional(boolean single) {
        return new RelationInfo(name, single, inverse, symmetric, chain, altLabels, templates, equivalents, broader);
    }

    /** A plain relation: multi-valued, no inverse, no chain, no phrasings. */
    public static RelationInfo plain(String name) {
        return new RelationInfo(name, false, null, false, List.of(), List.of(), List.of());
    }

    /** The prompt for a subject, from the first template or "The {relation} of {subject} is". */
    public String prompt(String subjectLabel) {
        String t = templates.isEmpty() ? "The " + Names.label(name) + " of {subject} is" : templates.get(0);
        return t.replace("{relation}", Names.label(name)).replace("{subject}", subjectLabel);
    }
}
