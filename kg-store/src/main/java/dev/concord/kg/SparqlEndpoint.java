package dev.concord.kg;

import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Read-only SPARQL 1.1 query over a graph (Jena ARQ). Every query runs with a timeout, and
 * {@code SERVICE} (federated query) is refused before execution: it is on by default in Jena and
 * would let anyone make this server fetch arbitrary URLs. Update requests are refused.
 * The prefixes e:, r:, concord:, rdf:, rdfs:, owl:, skos: and xsd: are predeclared.
 * Errors: {@link SparqlException} with the parser's message for bad syntax, with "timeout" for a
 * query past its time, and for SERVICE or update requests.
 */
public interface SparqlEndpoint {

    /** The default timeout used when a call does not give one. */
    Duration defaultTimeout();

    /** Runs a SELECT or ASK query and returns variables and rows (values as N-Triples-like strings, unbound as null). */
    SelectResult select(String query, Duration timeout);

    /**
     * Runs any query form and writes the result to {@code out} in the best format for the HTTP
     * {@code Accept} header (SELECT/ASK: JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE: Turtle,
     * N-Triples, JSON-LD). Returns the media type written. Parses and checks the query before
     * writing anything, so a failure leaves {@code out} untouched.
     */
    String execute(String query, String accept, Duration timeout, OutputStream out);

    /** Variables and rows of a SELECT; for ASK, one variable "boolean" and one row. */
    record SelectResult(List<String> variables, List<Map<String, String>> rows) {
        public SelectResult {
            variables = List.copyOf(variables);
            rows = List.copyOf(rows);
        }
    }

    /** A query the endpoint will not or cannot answer; the message says why. */
    class SparqlException extends KgException {
        private final boolean timeout;

        public SparqlException(String message, boolean timeout) {
            super(message);
            this.timeout = timeout;
        }

        public boolean isTimeout() {
            return timeout;
        }
    }
}
