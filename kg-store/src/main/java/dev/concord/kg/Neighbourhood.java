package dev.concord.kg;

import java.util.List;

/** The triples around one entity: those it is the subject of, and those it is the object of. */
public record Neighbourhood(String entity, List<Triple> outgoing, List<Triple> incoming) {
    public Neighbourhood {
        outgoing = List.copyOf(outgoing);
        incoming = List.copyOf(incoming);
    }
}
