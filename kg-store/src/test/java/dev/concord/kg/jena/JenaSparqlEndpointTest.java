package dev.concord.kg.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.kg.ChangeSet;
import dev.concord.kg.Iris;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.KnowledgeGraphs;
import dev.concord.kg.SparqlEndpoint;
import dev.concord.kg.SparqlEndpoint.SparqlException;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JenaSparqlEndpointTest {
    private static KnowledgeGraph kg;
    private static SparqlEndpoint sparql;
    private static final String P = Iris.prefixes();
    private static final String WIVES = P + "SELECT ?s ?o WHERE { ?s r:wife ?o } ORDER BY ?s";

    @BeforeAll
    static void load() {
        kg = KnowledgeGraphs.inMemory();
        kg.apply(ChangeSet.adding(Triple.of("Donald_Trump", "wife", "Melania_Trump"),
                Triple.of("Barack_Obama", "wife", "Michelle_Obama"),
                new Triple("Barack_Obama", "birth_date", Term.literal("1961-08-04", Term.XSD_DATE))), "alice");
        // A few thousand triples for the slow query: their cross product is far beyond any timeout.
        List<Triple> many = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            many.add(Triple.of("N" + i, "next", "N" + (i + 1)));
        }
        kg.apply(new ChangeSet(many, List.of()), "generator");
        sparql = kg.sparql();
    }

    @AfterAll
    static void close() {
        kg.close();
    }

    private static String run(String query, String accept, String[] type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        type[0] = sparql.execute(query, accept, Duration.ofSeconds(10), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void selectReturnsRowsWithNTriplesValues() {
        SparqlEndpoint.SelectResult r = sparql.select(WIVES, null);
        assertEquals(List.of("s", "o"), r.variables());
        assertEquals(2, r.rows().size());
        assertEquals("<" + Iris.ENTITY + "Barack_Obama>", r.rows().get(0).get("s"));
        SparqlEndpoint.SelectResult d = sparql.select(P + "SELECT ?d ?none WHERE { e:Barack_Obama r:birth_date ?d OPTIONAL { ?d r:x ?none } }", null);
        assertEquals("\"1961-08-04\"^^<http://www.w3.org/2001/XMLSchema#date>", d.rows().get(0).get("d"));
        assertTrue(d.rows().get(0).containsKey("none") && d.rows().get(0).get("none") == null, "unbound is null");
    }

    @Test
    void aSlowQueryIsCancelledAtItsTimeout() {
        String cross = P + "SELECT (COUNT(*) AS ?n) WHERE { ?a r:next ?b . ?c r:next ?d . ?e r:next ?f }";
        long start = System.nanoTime();
        SparqlException e = assertThrows(SparqlException.class, () -> sparql.select(cross, Duration.ofMillis(300)));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.isTimeout());
        assertTrue(e.getMessage().contains("timeout"), e.getMessage());
        assertTrue(ms < 10_000, "cancelled in " + ms + " ms");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SparqlException e2 = assertThrows(SparqlException.class,
                () -> sparql.execute(cross, "text/csv", Duration.ofMillis(300), out));
        assertTrue(e2.isTimeout());
        assertEquals(0, out.size(), "nothing written on failure");
    }

    @Test
    void serviceIsRefusedBeforeExecutionWhereverItHides() {
        for (String q : List.of(
                "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
                "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } } }",
                "SELECT * WHERE { { SELECT ?s WHERE { SERVICE SILENT <http://127.0.0.1:1/x> { ?s ?p ?o } } } }",
                "ASK { OPTIONAL { SERVICE ?endpoint { ?s ?p ?o } } }")) {
            SparqlException e = assertThrows(SparqlException.class, () -> sparql.select(q, null), q);
            assertTrue(e.getMessage().contains("SERVICE"), e.getMessage());
            assertFalse(e.isTimeout());
        }
    }

    @Test
    void theServiceCheckLooksInsideExistsFilters() {
        var q = org.apache.jena.query.QueryFactory.create(
                "SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }");
        assertTrue(JenaSparqlEndpoint.usesService(q));
        assertFalse(JenaSparqlEndpoint.usesService(org.apache.jena.query.QueryFactory.create(
                "SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS { ?o ?p ?s } }")));
    }

    @Test
    void updatesAndDatasetClausesAreRefused() {
        SparqlException e = assertThrows(SparqlException.class,
                () -> sparql.select("INSERT DATA { <http://a> <http://b> <http://c> }", null));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        SparqlException f = assertThrows(SparqlException.class,
                () -> sparql.select("SELECT * FROM <http://127.0.0.1:1/data.ttl> WHERE { ?s ?p ?o }", null));
        assertTrue(f.getMessage().contains("FROM"), f.getMessage());
        assertEquals(3003, kg.size(), "nothing changed");
    }

    @Test
    void badSyntaxGivesTheParserMessage() {
        SparqlException e = assertThrows(SparqlException.class, () -> sparql.select("SELECT ?s WHERE { ?s ?p }", null));
        assertTrue(e.getMessage().startsWith("SPARQL syntax error"), e.getMessage());
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        assertThrows(SparqlException.class, () -> sparql.select("  ", null));
        assertThrows(SparqlException.class, () -> sparql.select(P + "CONSTRUCT WHERE { ?s r:wife ?o }", null));
    }

    @Test
    void selectResultsComeInEachNegotiatedFormat() throws Exception {
        String[] type = new String[1];
        JsonNode json = new ObjectMapper().readTree(run(WIVES, null, type));
        assertEquals(JenaSparqlEndpoint.SPARQL_JSON, type[0]);
        assertEquals(2, json.path("results").path("bindings").size());
        assertEquals(Iris.ENTITY + "Barack_Obama", json.path("results").path("bindings").get(0).path("s").path("value").asText());

        String xml = run(WIVES, "application/sparql-results+xml", type);
        assertEquals(JenaSparqlEndpoint.SPARQL_XML, type[0]);
        assertTrue(xml.contains("<sparql") && xml.contains(Iris.ENTITY + "Michelle_Obama"), xml);

        String csv = run(WIVES, "text/csv;q=0.9, application/xml;q=0.1", type);
        assertEquals(JenaSparqlEndpoint.CSV, type[0]);
        assertEquals(List.of("s,o", Iris.ENTITY + "Barack_Obama," + Iris.ENTITY + "Michelle_Obama",
                Iris.ENTITY + "Donald_Trump," + Iris.ENTITY + "Melania_Trump"), csv.lines().toList());

        String tsv = run(WIVES, "text/tab-separated-values", type);
        assertEquals(JenaSparqlEndpoint.TSV, type[0]);
        assertEquals("?s\t?o", tsv.lines().findFirst().orElseThrow());
        assertEquals("<" + Iris.ENTITY + "Barack_Obama>\t<" + Iris.ENTITY + "Michelle_Obama>", tsv.lines().skip(1).findFirst().orElseThrow());

        String ask = run(P + "ASK { e:Donald_Trump r:wife e:Melania_Trump }", "*/*", type);
        assertEquals(JenaSparqlEndpoint.SPARQL_JSON, type[0]);
        assertTrue(new ObjectMapper().readTree(ask).path("boolean").asBoolean());
        String askCsv = run(P + "ASK { e:Donald_Trump r:wife e:Nobody }", "text/csv", type);
        assertEquals("false", askCsv.lines().skip(1).findFirst().orElseThrow().strip());
    }

    @Test
    void graphResultsComeInEachNegotiatedFormat() {
        String construct = P + "CONSTRUCT { ?s r:wife ?o } WHERE { ?s r:wife ?o }";
        String[] type = new String[1];
        for (Map.Entry<String, Lang> e : Map.of(
                "text/turtle", Lang.TURTLE,
                "application/n-triples", Lang.NTRIPLES,
                "application/ld+json", Lang.JSONLD).entrySet()) {
            String body = run(construct, e.getKey(), type);
            assertEquals(e.getKey(), type[0]);
            Model m = ModelFactory.createDefaultModel();
            RDFDataMgr.read(m, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), e.getValue());
            assertEquals(2, m.size(), e.getKey() + ": " + body);
        }
        run(construct, null, type);
        assertEquals("text/turtle", type[0], "Turtle is the default for graphs");
        String describe = run(P + "DESCRIBE e:Donald_Trump", "application/n-triples", type);
        assertTrue(describe.contains("Melania_Trump"), describe);
    }

    @Test
    void negotiationPrefersHighestQualityThenOrder() {
        Map<String, Lang> graphTypes = Map.of("text/turtle", Lang.TURTLE);
        assertEquals("text/turtle", JenaSparqlEndpoint.negotiate("image/png", new java.util.LinkedHashMap<>(graphTypes)));
        var results = new java.util.LinkedHashMap<String, Lang>();
        results.put("application/sparql-results+json", Lang.JSONLD);
        results.put("text/csv", Lang.CSV);
        results.put("text/tab-separated-values", Lang.TSV);
        assertEquals("text/tab-separated-values",
                JenaSparqlEndpoint.negotiate("text/csv;q=0.5, text/tab-separated-values;q=0.8", results));
        assertEquals("text/csv", JenaSparqlEndpoint.negotiate("text/csv, text/tab-separated-values", results));
        assertEquals("application/sparql-results+json", JenaSparqlEndpoint.negotiate("text/csv;q=0, */*;q=0.1", results));
    }
}
