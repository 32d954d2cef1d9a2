package dev.concord.web;

import dev.concord.web.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 17, operations: health, OpenAPI, metrics and the cache headers of the UI. */
@QuarkusTest
class OperationsTest {

    @Test
    void livenessAndReadinessRunRealChecks() {
        RestAssured.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("graph-store", "workflow-database", "model"))
                // H2 in the default run, PostgreSQL in the pg profile's run
                .body("checks.find { it.name == 'workflow-database' }.data.database", org.hamcrest.Matchers.anyOf(
                        equalTo("H2"), equalTo("PostgreSQL")))
                // the test profile runs without a model: graph-only mode is ready and says so
                .body("checks.find { it.name == 'model' }.data.state", equalTo("disabled"));
    }

    @Test
    void openApiDescribesTheEndpointsAndTheAuthScheme() {
        String doc = RestAssured.given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        for (String path : new String[] {"/api/edits", "/api/chat", "/api/reviews", "/api/kg/alignments", "/sparql",
                "/api/model/agreement"}) {
            assertTrue(doc.contains("\"" + path), "OpenAPI document lacks " + path);
        }
        assertTrue(doc.contains("\"basic\""), "OpenAPI document lacks the HTTP Basic scheme");
        assertTrue(doc.contains("\"quarkus-credential\""), "OpenAPI document lacks the cookie session scheme");
        assertTrue(doc.contains("\"ErrorBody\"") && doc.contains("#/components/schemas/ErrorBody"),
                "OpenAPI document lacks the error schema");
        RestAssured.given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void metricsCountEditsLoginFailuresSparqlAndWorkflowSteps() {
        Api.submit(Api.admin(), Api.unique("Metric_Person"), "born_in", "Honolulu", "ASSERT").statusCode(201);
        RestAssured.given().auth().preemptive().basic(Api.ADMIN, "wrong-password").get("/api/edits").then().statusCode(401);
        RestAssured.given().queryParam("query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1").get("/sparql").then().statusCode(200);
        String metrics = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String name : new String[] {"concord_edits{op=\"assert\",status=\"applied\"}", "concord_review_queue",
                "concord_login_failures_total", "concord_sparql_query_seconds_count{outcome=\"ok\"}",
                "concord_workflow_step_seconds_count{outcome=\"ok\",step=\"graph\"}", "http_server_requests_seconds"}) {
            assertTrue(metrics.contains(name), "metrics lack " + name);
        }
        assertTrue(value(metrics, "concord_login_failures_total") >= 1, "login failures counted");
        assertTrue(value(metrics, "concord_edits{op=\"assert\",status=\"applied\"}") >= 1, "applied edits counted");
    }

    private static double value(String metrics, String prefix) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(prefix + " ")) {
                return Double.parseDouble(line.substring(prefix.length() + 1).trim());
            }
        }
        throw new AssertionError("no sample " + prefix);
    }

    @Test
    void theUiIndexIsRevalidatedAndPagesCarryTheSecurityHeaders() {
        Response index = RestAssured.given().get("/");
        index.then().statusCode(200)
                .header("Cache-Control", containsString("no-cache"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Referrer-Policy", equalTo("same-origin"));
        assertTrue(!index.getHeader("Cache-Control").contains("immutable"), "index.html must not be immutable");
        RestAssured.given().get("/login.html").then().statusCode(200).header("Cache-Control", containsString("no-cache"));
        // the bundle the page loads has a fingerprinted name and may be cached for good
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(/static/bundle/[^\"]+\\.js)").matcher(index.asString());
        assertTrue(m.find(), "index.html names its script bundle: " + index.asString());
        RestAssured.given().get(m.group(1)).then().statusCode(200).header("Cache-Control", containsString("immutable"));
    }
}
