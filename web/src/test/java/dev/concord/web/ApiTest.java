package dev.concord.web;

import dev.concord.web.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** Users, security, chat, interpretation, the graph and model endpoints (graph-only mode). */
@QuarkusTest
class ApiTest {
    @Test
    void apiNeedsBasicAuthAndWrongPasswordsAre401() {
        RestAssured.given().get("/api/me").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic")).body("error", is("unauthorized"));
        Api.as("admin", "wrong-password").get("/api/me").then().statusCode(401);
        Api.admin().get("/api/me").then().statusCode(200).body("username", is("admin")).body("roles", hasItem("admin"));
    }

    @Test
    void adminsCreateUsersWithRolesAndEditorsCannot() {
        String name = Api.unique("user");
        Api.admin().body(Map.of("username", name, "password", "longenough1", "role", "editor")).post("/api/users")
                .then().statusCode(201).body("username", is(name)).body("role", is("editor")).body("passwordHash", nullValue());
        Api.as(name, "longenough1").get("/api/me").then().statusCode(200).body("roles", hasItem("editor"))
                .body("roles", not(hasItem("admin")));
        Api.as(name, "longenough1").body(Map.of("username", "x" + name, "password", "longenough1", "role", "admin"))
                .post("/api/users").then().statusCode(403);
        Api.admin().body(Map.of("username", name, "password", "longenough1", "role", "editor")).post("/api/users")
                .then().statusCode(409);
        Api.admin().body(Map.of("username", Api.unique("u"), "password", "short", "role", "editor")).post("/api/users")
                .then().statusCode(400).body("detail", containsString("password"));
        Api.admin().body(Map.of("username", Api.unique("u"), "password", "longenough1", "role", "king")).post("/api/users")
                .then().statusCode(400).body("detail", containsString("role"));
        Api.admin().get("/api/users").then().statusCode(200).body("username", hasItem(name));
    }

    @Test
    void interpretTurnsTextIntoIntentAndTriples() {
        Api.editor("alice").body(Map.of("text", "Who is the wife of Donald Trump?")).post("/api/interpret").then()
                .statusCode(200).body("intent", is("QUERY"))
                .body("triples[0].subject", is("Donald_Trump")).body("triples[0].relation", is("wife"))
                .body("triples[0].object", nullValue());
    }

    @Test
    void chatAnswersAQuestionFromTheGraphAndSaysTheModelIsOff() {
        Api.editor("alice").body(Map.of("message", "Who is the wife of Donald Trump?")).post("/api/chat").then()
                .statusCode(200).body("intent", is("QUERY"))
                .body("answer.kg", hasItem("Melania_Trump"))
                .body("answer.llm.completion", nullValue())
                .body("answer.llm.status", containsString("graph-only"))
                .body("reply", containsString("Melania_Trump"));
    }

    @Test
    void chatEditWithAConflictGoesToReview() {
        Api.editor("alice").body(Map.of("message", "Donald Trump's wife is Ivana Trump.")).post("/api/chat").then()
                .statusCode(200).body("intent", is("EDIT"))
                .body("triples[0].relation", is("wife"))
                .body("edit.status", is("PENDING_REVIEW"))
                .body("edit.conflicts.kind", hasItem("COVERAGE"))
                .body("reply", containsString("review"));
    }

    @Test
    void entityNeighbourhoodAndUnknownEntity() {
        Api.editor("alice").get("/api/kg/entities/Donald_Trump").then().statusCode(200)
                .body("outgoing.relation", hasItem("wife")).body("incoming.subject", hasItem("Melania_Trump"));
        Api.editor("alice").get("/api/kg/entities/No_Such_Entity_Anywhere").then().statusCode(404).body("error", is("not found"));
    }

    @Test
    void schemaChangesAreForAdmins() {
        Map<String, Object> body = Map.of("functional", true, "templates", java.util.List.of("The pet of {subject} is"));
        Api.editor("alice").body(body).put("/api/kg/relations/pet").then().statusCode(403);
        Api.admin().body(body).put("/api/kg/relations/pet").then().statusCode(200).body("functional", is(true));
        Api.admin().body(Map.of("templates", java.util.List.of("no placeholder"))).put("/api/kg/relations/pet2").then().statusCode(400);
    }

    @Test
    void modelEndpointsInGraphOnlyMode() {
        Api.editor("alice").get("/api/model").then().statusCode(200).body("state", is("DISABLED")).body("method", is("AUTO"));
        Api.editor("alice").body(Map.of("subject", "Donald_Trump", "relation", "wife")).post("/api/llm/ask").then()
                .statusCode(200).body("prompt", is("The wife of Donald Trump is")).body("completion", nullValue())
                .body("status", notNullValue());
        Api.editor("alice").body(Map.of()).post("/api/llm/ask").then().statusCode(400);
    }

    @Test
    void evaluationInGraphOnlyModeIs404SayingThereIsNoModel() {
        Api.editor("alice").get("/api/model/evaluation").then().statusCode(404)
                .body("error", is("not found"))
                .body("detail", containsString("no model is loaded"))
                .body("detail", containsString("./concord editor eval"));
    }

    @Test
    void placeholderPageIsServed() {
        RestAssured.given().get("/").then().statusCode(200).body(containsString("Concord"));
    }
}
