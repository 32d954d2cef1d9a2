package dev.concord.web;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdfconnection.RDFConnection;
import org.apache.jena.rdfconnection.RDFConnectionRemote;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /sparql per the SPARQL 1.1 Protocol, read-only, and Jena's own remote client against it. */
@QuarkusTest
class SparqlResourceTest {
    private static final String WIFE = "SELECT ?w WHERE { <http://concord.local/entity/Donald_Trump> <http://concord.local/relation/wife> ?w }";

    @TestHTTPResource("/sparql")
    URL endpoint;

    @Test
    void getWithQueryParameterAnswersJson() {
        RestAssured.given().queryParam("query", WIFE).accept("application/sparql-results+json")
                .get("/sparql").then().statusCode(200)
                .contentType(startsWith("application/sparql-results+json"))
                .body("results.bindings.w.value", hasItem("http://concord.local/entity/Melania_Trump"));
    }

    @Test
    void postFormAndDirectBodyAnswerByAccept() {
        RestAssured.given().formParam("query", WIFE).accept("text/csv").post("/sparql").then().statusCode(200)
                .contentType(startsWith("text/csv")).body(containsString("Melania_Trump"));
        RestAssured.given().contentType("application/sparql-query").body(WIFE.getBytes(java.nio.charset.StandardCharsets.UTF_8)).accept("application/sparql-results+xml")
                .post("/sparql").then().statusCode(200).contentType(startsWith("application/sparql-results+xml"))
                .body(containsString("Melania_Trump"));
        RestAssured.given().queryParam("query", WIFE).accept("text/tab-separated-values").get("/sparql").then()
                .statusCode(200).body(containsString("Melania_Trump"));
    }

    @Test
    void constructAnswersTurtleOrNTriples() {
        String q = "CONSTRUCT { ?s <http://concord.local/relation/wife> ?o } WHERE { ?s <http://concord.local/relation/wife> ?o }";
        RestAssured.given().queryParam("query", q).accept("text/turtle").get("/sparql").then().statusCode(200)
                .contentType(startsWith("text/turtle")).body(containsString("Melania_Trump"));
        RestAssured.given().queryParam("query", q).accept("application/n-triples").get("/sparql").then().statusCode(200)
                .contentType(startsWith("application/n-triples")).body(containsString("<http://concord.local/entity/Melania_Trump>"));
    }

    @Test
    void badSyntaxServiceAndUpdatesAreRefusedWith400() {
        RestAssured.given().queryParam("query", "SELEKT ?x WHERE {").get("/sparql").then().statusCode(400)
                .body("error", is("bad query")).body("detail", containsString("line 1"));
        RestAssured.given().queryParam("query", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
                .get("/sparql").then().statusCode(400).body("detail", containsString("SERVICE"));
        RestAssured.given().formParam("update", "DROP ALL").post("/sparql").then().statusCode(400)
                .body("detail", containsString("read-only"));
        RestAssured.given().contentType("application/sparql-update").body("DROP ALL".getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/sparql").then().statusCode(400);
        RestAssured.given().get("/sparql").then().statusCode(400).body("error", is("bad request"));
    }

    @Test
    void jenaRemoteConnectionQueriesTheEndpoint() {
        List<String> wives = new ArrayList<>();
        try (RDFConnection conn = RDFConnectionRemote.newBuilder().queryEndpoint(endpoint.toString()).build()) {
            conn.querySelect(WIFE, (QuerySolution row) -> wives.add(row.getResource("w").getLocalName()));
            assertTrue(conn.queryAsk("ASK { ?s <http://concord.local/relation/wife> ?o }"));
            Model m = conn.queryConstruct("CONSTRUCT WHERE { <http://concord.local/entity/Donald_Trump> <http://concord.local/relation/wife> ?o }");
            assertEquals(1, m.size());
        }
        assertEquals(List.of("Melania_Trump"), wives);
        try (RDFConnection conn = RDFConnection.queryConnect(endpoint.toString())) {
            assertTrue(conn.queryAsk("ASK { <http://concord.local/entity/Donald_Trump> ?p ?o }"));
        }
    }
}
