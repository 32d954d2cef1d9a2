package dev.concord.kg;

import java.util.Locale;

/** RDF serialisations the store imports and exports. */
public enum RdfFormat {
    NTRIPLES("application/n-triples", "nt"),
    TURTLE("text/turtle", "ttl");

    private final String mediaType;
    private final String extension;

    RdfFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    /** "ntriples", "nt", "n-triples", "turtle" or "ttl", in any case. */
    public static RdfFormat parse(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "ntriples", "nt", "n-triples" -> NTRIPLES;
            case "turtle", "ttl" -> TURTLE;
            default -> throw new KgException("expected an RDF format ntriples or turtle, found '" + name + "'");
        };
    }
}
