package dev.concord.web;

import dev.concord.web.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Relations that mean the same (owl:equivalentProperty) count as one: the Kenya sentence, linked to
 * YAGO's wasBornIn while the graph holds OneEdit's born_in, is a COVERAGE conflict and goes to review;
 * questions see both relations; admins state and remove alignments and see what they put in conflict.
 */
@QuarkusTest
class AlignedRelationsTest {

    @Test
    void theSeedAlignmentsAreStatedAndQueryableWithSparql() {
        Api.editor("alice").get("/api/kg/alignments").then().statusCode(200)
                .body("findAll { it.a == 'born_in' }.b", hasItem("wasBornIn"))
                .body("findAll { it.a == 'isLocatedIn' || it.b == 'isLocatedIn' }.size()", is(1));
        io.restassured.RestAssured.given().auth().preemptive().basic(Api.ADMIN, Api.ADMIN_PASSWORD)
                .accept("text/csv")
                .formParam("query", "PREFIX owl: <http://www.w3.org/2002/07/owl#> SELECT ?p WHERE { "
                        + "?p owl:equivalentProperty <" + dev.concord.kg.Iris.RELATION + "born_in> }")
                .post("/sparql").then().statusCode(200).body(containsString("wasBornIn"));
    }

    @Test
    void theKenyaSentenceIsACoverageConflictNamingTheAlignedFact() {
        var chat = Api.editor("alice").body(Map.of("message", "Barack Obama was born in Kenya.")).post("/api/chat")
                .then().statusCode(200)
                .body("intent", is("EDIT"))
                .body("edit.status", is("PENDING_REVIEW"))
                .body("edit.triples[0].relation", is("born_in")) // the relation Barack_Obama already uses
                .body("edit.conflicts.kind", hasItem("COVERAGE"))
                .body("edit.conflicts[0].existing.object", hasItem("Honolulu"))
                .body("edit.conflicts[0].existing.relation", hasItem("born_in"))
                .body("reply", containsString("Sent to review"));
        int id = chat.extract().path("edit.id");
        Api.admin().body(Map.of("reason", "Honolulu is right")).post("/api/reviews/" + id + "/reject").then()
                .statusCode(200).body("status", is("REJECTED"));
        // the question answers from both relations, once
        Api.editor("alice").body(Map.of("message", "Where was Barack Obama born?")).post("/api/chat").then()
                .statusCode(200).body("answer.kg", is(List.of("Honolulu")));
    }

    @Test
    void aFactUnderOneNameIsADuplicateUnderTheOther() {
        String person = Api.unique("Ada_Quell");
        Api.submit(Api.editor("alice"), person, "born_in", "Oslo", "ASSERT").statusCode(201)
                .body("status", is("APPLIED"));
        Api.submit(Api.editor("alice"), person, "wasBornIn", "Oslo", "ASSERT").statusCode(201)
                .body("noChange", is(true)).body("triples[0].relation", is("born_in"));
        Api.submit(Api.editor("alice"), person, "wasBornIn", "Bergen", "ASSERT").statusCode(201)
                .body("status", is("PENDING_REVIEW")).body("conflicts.kind", hasItem("COVERAGE"));
    }

    @Test
    void adminsStateAndRemoveAlignmentsAndSeeWhatTheyPutInConflict() {
        String person = Api.unique("Bo_Trask");
        Api.submit(Api.editor("alice"), person, "birthdate", "1950-01-01", "ASSERT").statusCode(201);
        Api.submit(Api.editor("alice"), person, "born", "1951-02-02", "ASSERT").statusCode(201);
        Api.editor("alice").body(Map.of("a", "birthdate", "b", "born")).post("/api/kg/alignments").then()
                .statusCode(403);
        Api.admin().body(Map.of("a", "born", "b", "born")).post("/api/kg/alignments").then().statusCode(400)
                .body("detail", containsString("itself"));
        Api.admin().body(Map.of("a", "born", "b", "no_such_relation")).post("/api/kg/alignments").then()
                .statusCode(404);
        Api.admin().body(Map.of("a", "birthdate", "b", "born")).post("/api/kg/alignments").then().statusCode(200)
                .body("changed", is(true))
                .body("aligned", hasItem("birth_date"))
                .body("conflicts.flatten().subject", hasItem(person));
        Api.admin().body(Map.of("a", "birthdate", "b", "born")).delete("/api/kg/alignments").then().statusCode(200)
                .body("changed", is(true)).body("aligned", not(hasItem("born")));
        Api.editor("alice").get("/api/kg/alignments").then().statusCode(200)
                .body("findAll { it.a == 'birthdate' && it.b == 'born' }.size()", is(0));
    }

    @Test
    void aWifeIsASpouseButNotTheOtherWayRound() {
        Api.editor("alice").get("/api/kg/alignments").then().statusCode(200)
                .body("findAll { it.kind == 'subproperty' && it.a == 'wife' }.b", hasItem("spouse"));
        String person = Api.unique("Cy_Vance");
        String first = Api.unique("Dee_Vance");
        Api.submit(Api.editor("alice"), person, "wife", first, "ASSERT").statusCode(201)
                .body("status", is("APPLIED"));
        Api.submit(Api.editor("alice"), person, "spouse", first, "ASSERT").statusCode(201)
                .body("noChange", is(true));
        Api.submit(Api.editor("alice"), person, "spouse", Api.unique("Eve_Moss"), "ASSERT").statusCode(201)
                .body("status", is("PENDING_REVIEW"))
                .body("conflicts.kind", hasItem("COVERAGE"))
                .body("conflicts[0].existing.relation", hasItem("wife"));
        io.restassured.RestAssured.given().auth().preemptive().basic(Api.ADMIN, Api.ADMIN_PASSWORD)
                .accept("text/csv")
                .formParam("query", "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?o WHERE { "
                        + "?p rdfs:subPropertyOf* <" + dev.concord.kg.Iris.RELATION + "spouse> . "
                        + "<" + dev.concord.kg.Iris.ENTITY + person + "> ?p ?o }")
                .post("/sparql").then().statusCode(200).body(containsString(first));
    }

    @Test
    void adminsPutOneRelationUnderAnotherAndCannotMakeACycle() {
        Api.admin().body(Map.of("a", "nickname", "b", "alias", "kind", "sibling")).post("/api/kg/alignments").then()
                .statusCode(400).body("detail", containsString("subproperty"));
        Api.admin().body(Map.of("a", "spouse", "b", "wife", "kind", "subproperty")).post("/api/kg/alignments").then()
                .statusCode(409).body("detail", containsString("align them"));
        Api.editor("alice").body(Map.of("a", "husband", "b", "spouse", "kind", "subproperty")).delete("/api/kg/alignments")
                .then().statusCode(403);
        Api.admin().body(Map.of("a", "husband", "b", "spouse", "kind", "subproperty")).delete("/api/kg/alignments").then()
                .statusCode(200).body("changed", is(true)).body("aligned", not(hasItem("husband")));
        Api.admin().body(Map.of("a", "husband", "b", "spouse", "kind", "SubProperty")).post("/api/kg/alignments").then()
                .statusCode(200).body("changed", is(true)).body("aligned", hasItem("husband"));
    }
}
