package dev.concord.kg.jena;

import dev.concord.kg.SparqlEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.jena.graph.Node;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.ResultSet;
import org.apache.jena.query.ResultSetFactory;
import org.apache.jena.query.ResultSetRewindable;
import org.apache.jena.query.Syntax;
import org.apache.jena.query.TxnType;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.out.NodeFmtLib;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.OpVisitorBase;
import org.apache.jena.sparql.algebra.op.OpService;
import org.apache.jena.sparql.algebra.walker.Walker;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.exec.http.Service;
import org.apache.jena.sparql.expr.ExprFunctionOp;
import org.apache.jena.sparql.expr.ExprVisitorBase;
import org.apache.jena.sparql.resultset.ResultsWriter;
import org.apache.jena.sparql.service.ServiceExecutorRegistry;
import org.apache.jena.sparql.syntax.ElementService;
import org.apache.jena.sparql.syntax.ElementVisitorBase;
import org.apache.jena.sparql.syntax.ElementWalker;
import org.apache.jena.sparql.util.Context;
import org.apache.jena.update.UpdateFactory;

/**
 * Read-only SPARQL over a Jena dataset (the TDB2 store, or the replica of the Neo4j backend).
 *
 * <p>Every query is parsed, then checked: update requests and any {@code SERVICE} clause (in
 * the syntax tree and in the algebra, including EXISTS filters and subqueries) are refused
 * before anything runs. As a second line, each execution gets a context where HTTP SERVICE is
 * disallowed and the service executor registry is empty. Results are materialised under the
 * timeout and only then written, so a failure leaves the output stream untouched.
 */
public final class JenaSparqlEndpoint implements SparqlEndpoint {
    public static final String SPARQL_JSON = "application/sparql-results+json";
    public static final String SPARQL_XML = "application/sparql-results+xml";
    public static final String CSV = "text/csv";
    public static final String TSV = "text/tab-separated-values";
    public static final String TURTLE = "text/turtle";
    public static final String NTRIPLES = "application/n-triples";
    public static final String JSONLD = "application/ld+json";

    /** Result media types: the first of each list is the default. */
    private static final Map<String, Lang> RESULT_TYPES = new LinkedHashMap<>();
    private static final Map<String, Lang> GRAPH_TYPES = new LinkedHashMap<>();

    static {
        RESULT_TYPES.put(SPARQL_JSON, ResultSetLang.RS_JSON);
        RESULT_TYPES.put(SPARQL_XML, ResultSetLang.RS_XML);
        RESULT_TYPES.put(CSV, ResultSetLang.RS_CSV);
        RESULT_TYPES.put(TSV, ResultSetLang.RS_TSV);
        RESULT_TYPES.put("application/json", ResultSetLang.RS_JSON);
        RESULT_TYPES.put("application/xml", ResultSetLang.RS_XML);
        RESULT_TYPES.put("text/xml", ResultSetLang.RS_XML);
        GRAPH_TYPES.put(TURTLE, Lang.TURTLE);
        GRAPH_TYPES.put(NTRIPLES, Lang.NTRIPLES);
        GRAPH_TYPES.put(JSONLD, Lang.JSONLD);
        GRAPH_TYPES.put("application/x-turtle", Lang.TURTLE);
        GRAPH_TYPES.put("text/plain", Lang.NTRIPLES);
        GRAPH_TYPES.put("application/json", Lang.JSONLD);
    }

    /** Prefixes every query may use without declaring them: e:, r:, concord:, rdf:, rdfs:, owl:, skos:, xsd:. */
    public static final Map<String, String> DEFAULT_PREFIXES = Map.of(
            "e", dev.concord.kg.Iris.ENTITY, "r", dev.concord.kg.Iris.RELATION, "concord", dev.concord.kg.Iris.SCHEMA,
            "rdf", dev.concord.kg.Iris.RDF, "rdfs", dev.concord.kg.Iris.RDFS, "owl", dev.concord.kg.Iris.OWL,
            "skos", dev.concord.kg.Iris.SKOS, "xsd", dev.concord.kg.Term.XSD);

    private final DatasetGraph dsg;
    private final Duration defaultTimeout;

    public JenaSparqlEndpoint(DatasetGraph dsg, Duration defaultTimeout) {
        if (defaultTimeout == null || defaultTimeout.isNegative() || defaultTimeout.isZero()) {
            throw new SparqlException("the default SPARQL timeout must be positive, found " + defaultTimeout, false);
        }
        this.dsg = dsg;
        this.defaultTimeout = defaultTimeout;
    }

    @Override
    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    // --- checks -------------------------------------------------------------------------------

    /** Parses and checks a query: the parser's message for bad syntax, a refusal for updates and SERVICE. */
    public static Query parse(String text) {
        if (text == null || text.isBlank()) {
            throw new SparqlException("expected a SPARQL query, found an empty request", false);
        }
        Query query = new Query();
        query.getPrefixMapping().setNsPrefixes(DEFAULT_PREFIXES);
        try {
            QueryFactory.parse(query, text, null, Syntax.syntaxARQ);
        } catch (QueryParseException e) {
            if (isUpdate(text)) {
                throw new SparqlException("SPARQL updates are refused: this endpoint is read-only", false);
            }
            String first = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("").strip();
            throw new SparqlException("SPARQL syntax error: " + first, false);
        } catch (RuntimeException e) {
            throw new SparqlException("SPARQL query rejected: " + e.getMessage(), false);
        }
        if (usesService(query)) {
            throw new SparqlException("SERVICE (federated query) is refused: this endpoint only answers from its own data", false);
        }
        if (query.hasDatasetDescription()) {
            throw new SparqlException("FROM and FROM NAMED are refused: the endpoint answers from its own dataset "
                    + "(use GRAPH <" + dev.concord.kg.Iris.REVISIONS_GRAPH + "> for revisions)", false);
        }
        return query;
    }

    private static boolean isUpdate(String text) {
        try {
            StringBuilder prologue = new StringBuilder();
            DEFAULT_PREFIXES.forEach((p, iri) -> prologue.append("PREFIX ").append(p).append(": <").append(iri).append(">\n"));
            UpdateFactory.create(prologue + text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether any SERVICE occurs, looked for in the syntax and in the compiled algebra. */
    static boolean usesService(Query query) {
        boolean[] found = {false};
        if (query.getQueryPattern() != null) {
            ElementWalker.walk(query.getQueryPattern(), new ElementVisitorBase() {
                @Override
                public void visit(ElementService el) {
                    found[0] = true;
                }
            });
        }
        if (found[0]) {
            return true;
        }
        Op op = Algebra.compile(query);
        OpVisitorBase opVisitor = new OpVisitorBase() {
            @Override
            public void visit(OpService opService) {
                found[0] = true;
            }
        };
        ExprVisitorBase exprVisitor = new ExprVisitorBase() {
            @Override
            public void visit(ExprFunctionOp funcOp) {
                if (funcOp.getGraphPattern() != null) {
                    Walker.walk(funcOp.getGraphPattern(), opVisitor, this);
                }
            }
        };
        Walker.walk(op, opVisitor, exprVisitor);
        return found[0];
    }

    private static Context lockedContext() {
        Context cxt = new Context();
        cxt.set(Service.httpServiceAllowed, false);
        cxt.set(Service.serviceAllowed, false);
        ServiceExecutorRegistry.set(cxt, new ServiceExecutorRegistry());
        return cxt;
    }

    // --- execution ----------------------------------------------------------------------------

    private Duration effective(Duration timeout) {
        if (timeout == null) {
            return defaultTimeout;
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new SparqlException("a SPARQL timeout must be positive, found " + timeout, false);
        }
        return timeout;
    }

    /** Runs a checked query in a read transaction under the timeout and hands the execution to {@code body}. */
    private <T> T run(Query query, Duration timeout, Function<QueryExecution, T> body) {
        long ms = effective(timeout).toMillis();
        boolean outer = !dsg.isInTransaction();
        if (outer) {
            dsg.begin(TxnType.READ);
        }
        try {
            Dataset ds = DatasetFactory.wrap(dsg);
            try (QueryExecution qe = QueryExecution.create().query(query).dataset(ds).context(lockedContext())
                    .timeout(ms, TimeUnit.MILLISECONDS).build()) {
                return body.apply(qe);
            }
        } catch (QueryCancelledException e) {
            throw new SparqlException("the query ran past its timeout of " + ms + " ms and was cancelled", true);
        } catch (SparqlException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SparqlException("the query failed: " + e.getMessage(), false);
        } finally {
            if (outer) {
                dsg.end();
            }
        }
    }

    @Override
    public SelectResult select(String text, Duration timeout) {
        Query query = parse(text);
        if (query.isAskType()) {
            boolean b = run(query, timeout, QueryExecution::execAsk);
            return new SelectResult(List.of("boolean"), List.of(Map.of("boolean", Boolean.toString(b))));
        }
        if (!query.isSelectType()) {
            throw new SparqlException("expected a SELECT or ASK query, found " + formName(query), false);
        }
        return run(query, timeout, qe -> {
            ResultSet rs = qe.execSelect();
            List<String> vars = rs.getResultVars();
            List<Map<String, String>> rows = new ArrayList<>();
            while (rs.hasNext()) {
                Binding b = rs.nextBinding();
                Map<String, String> row = new LinkedHashMap<>();
                for (String v : vars) {
                    Node n = b.get(v);
                    row.put(v, n == null ? null : NodeFmtLib.strNT(n));
                }
                rows.add(row);
            }
            return new SelectResult(vars, rows);
        });
    }

    @Override
    public String execute(String text, String accept, Duration timeout, OutputStream out) {
        Query query = parse(text);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        String mediaType;
        if (query.isSelectType() || query.isAskType()) {
            mediaType = negotiate(accept, RESULT_TYPES);
            Lang lang = RESULT_TYPES.get(mediaType);
            if (query.isAskType()) {
                boolean b = run(query, timeout, QueryExecution::execAsk);
                ResultsWriter.create().lang(lang).write(buffer, b);
            } else {
                ResultSetRewindable rs = run(query, timeout, qe -> ResultSetFactory.copyResults(qe.execSelect()));
                ResultsWriter.create().lang(lang).write(buffer, rs);
            }
        } else {
            mediaType = negotiate(accept, GRAPH_TYPES);
            Lang lang = GRAPH_TYPES.get(mediaType);
            Model model = run(query, timeout, qe -> query.isConstructType() ? qe.execConstruct() : qe.execDescribe());
            model.setNsPrefix("e", dev.concord.kg.Iris.ENTITY);
            model.setNsPrefix("r", dev.concord.kg.Iris.RELATION);
            RDFDataMgr.write(buffer, model, lang);
        }
        try {
            buffer.writeTo(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the SPARQL result", e);
        }
        return mediaType;
    }

    private static String formName(Query q) {
        return q.isConstructType() ? "CONSTRUCT" : q.isDescribeType() ? "DESCRIBE" : q.isJsonType() ? "JSON" : "another form";
    }

    /**
     * The supported media type the Accept header prefers (highest q, then order of appearance);
     * the first supported type when the header is absent, a wildcard, or names nothing we write.
     */
    static String negotiate(String accept, Map<String, Lang> supported) {
        String fallback = supported.keySet().iterator().next();
        if (accept == null || accept.isBlank()) {
            return fallback;
        }
        record Choice(String type, double q, int pos) {
        }
        List<Choice> choices = new ArrayList<>();
        String[] parts = accept.split(",");
        for (int i = 0; i < parts.length; i++) {
            String[] fields = parts[i].trim().split(";");
            String type = fields[0].trim().toLowerCase(Locale.ROOT);
            double q = 1.0;
            for (int f = 1; f < fields.length; f++) {
                String p = fields[f].trim();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q > 0) {
                choices.add(new Choice(type, q, i));
            }
        }
        choices.sort(Comparator.comparingDouble((Choice c) -> -c.q()).thenComparingInt(Choice::pos));
        for (Choice c : choices) {
            if (supported.containsKey(c.type())) {
                return c.type();
            }
            if (c.type().equals("*/*") || c.type().equals("application/*") && fallback.startsWith("application/")
                    || c.type().equals("text/*") && fallback.startsWith("text/")) {
                return fallback;
            }
        }
        return fallback;
    }
}
