package dev.concord.web;

import dev.concord.kg.Iris;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.neo4j.Neo4jKnowledgeGraph;
import dev.concord.web.support.Api;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

import java.sql.Connection;
import java.util.Map;

import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Only in the postgres-test run (pgtest profile): that run really is the production
 * configuration (PostgreSQL workflow database, Neo4j knowledge graph), and an edit made through
 * the API reaches Neo4j as a relationship and the SPARQL endpoint (the backend's Jena replica),
 * and its rollback leaves both.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "quarkus.test.profile", matches = "(.*,)?pgtest(,.*)?",
        disabledReason = "production-configuration checks run only in the postgres-test execution")
class ProductionConfigTest {
    @Inject
    KnowledgeGraph kg;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void theRunUsesPostgresqlAndNeo4j() throws Exception {
        assertInstanceOf(Neo4jKnowledgeGraph.class, ClientProxy.unwrap(kg), "the knowledge graph backend");
        try (Connection c = dataSource.getConnection()) {
            assertEquals("PostgreSQL", c.getMetaData().getDatabaseProductName(), "the workflow database");
        }
    }

    private static boolean ask(String pattern) {
        String answer = RestAssured.given().queryParam("query", Iris.prefixes() + "ASK { " + pattern + " }")
                .accept("application/sparql-results+json").get("/sparql").then().statusCode(200)
                .extract().path("boolean").toString();
        return Boolean.parseBoolean(answer);
    }

    private static long relationships(Driver neo4j, String subject, String relation, String object) {
        return neo4j.executableQuery("MATCH (:Entity {name: $s})-[r]->(:Entity {name: $o}) WHERE type(r) = $r RETURN count(r) AS n")
                .withParameters(Map.of("s", subject, "r", relation, "o", object))
                .execute().records().get(0).get("n").asLong();
    }

    @Test
    void anEditReachesNeo4jAndSparqlAndItsRollbackLeavesBoth() {
        String man = Api.unique("Man");
        String woman = Api.unique("Woman");
        String uri = ConfigProvider.getConfig().getValue("concord.kg.neo4j.uri", String.class);
        try (Driver neo4j = GraphDatabase.driver(uri, AuthTokens.basic("neo4j", "harness"))) {
            int id = Api.submit(Api.editor("prod-alice"), man, "wife", woman, "ASSERT").statusCode(201)
                    .body("status", is("APPLIED")).extract().path("id");
            assertEquals(1, relationships(neo4j, man, "wife", woman), "the fact is a Neo4j relationship");
            assertEquals(1, relationships(neo4j, woman, "husband", man), "and so is its inverse");
            assertEquals(true, ask("e:" + man + " r:wife e:" + woman), "SPARQL sees the edit");
            assertEquals(true, ask("e:" + woman + " r:husband e:" + man), "SPARQL sees the inverse");

            Api.editor("prod-alice").post("/api/edits/" + id + "/rollback").then().statusCode(200)
                    .body("status", is("ROLLED_BACK"));
            assertEquals(0, relationships(neo4j, man, "wife", woman));
            assertEquals(0, relationships(neo4j, woman, "husband", man));
            assertEquals(false, ask("e:" + man + " r:wife e:" + woman), "SPARQL no longer sees the rolled-back edit");
            assertEquals(false, ask("e:" + woman + " r:husband e:" + man));
        }
    }
}
