package dev.concord.web;

import dev.concord.web.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 16: relation alignment proposals (sentence encoder + shared pairs), decided by an admin. */
@QuarkusTest
class AlignmentProposalTest {

    @jakarta.inject.Inject
    dev.concord.controller.alignment.AlignmentService service;

    @jakarta.inject.Inject
    dev.concord.kg.KnowledgeGraph kg;

    @Test
    void relationsThatArriveOutsideTheApiAreProposedAtTheNextStart() {
        // the start already compared the seed relations (in the background): nothing new, no run
        service.proposeIfRelationsChanged("import"); // waits for the start's run if it is still going
        assertTrue(service.proposeIfRelationsChanged("import").isEmpty(), "no relation changed since the last run");
        // an offline import writes the graph directly, as ./concord kg import does
        kg.putRelation(new dev.concord.kg.RelationInfo("hometown_of_birth", true, null, false, List.of(),
                List.of("birthplace", "town of birth"), List.of("{subject} was born in")));
        var run = service.proposeIfRelationsChanged("import");
        assertTrue(run.isPresent(), "a new relation since the last run");
        assertTrue(run.get().created() >= 1, "proposals for the new relation: " + run.get());
        assertNotNull(pendingFor("hometown_of_birth"), "the new relation waits in Review");
        assertTrue(service.proposeIfRelationsChanged("import").isEmpty(), "and not again");
    }

    private static Map<String, Object> pendingFor(String relation) {
        List<Map<String, Object>> all = Api.admin().queryParam("status", "pending").get("/api/kg/alignments/proposals")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return all.stream().filter(p -> relation.equals(p.get("a")) || relation.equals(p.get("b"))).findFirst().orElse(null);
    }

    @Test
    void aNewRelationPhrasedLikeAnOldOneIsProposedAcceptedIntoTheGraphAndADecidedPairIsNotProposedAgain() {
        Api.admin().body(Map.of("altLabels", List.of("place of birth", "was born in"),
                        "templates", List.of("{subject} was born in")))
                .put("/api/kg/relations/birth_town").then().statusCode(200);
        Api.admin().post("/api/kg/alignments/proposals").then().statusCode(200);
        Map<String, Object> p = pendingFor("birth_town");
        assertNotNull(p, "a proposal pairs birth_town with the graph's birthplace relation");
        String other = "birth_town".equals(p.get("a")) ? (String) p.get("b") : (String) p.get("a");
        assertTrue(List.of("born_in", "wasBornIn", "birthPlace", "place_of_birth").contains(other) || other.toLowerCase().contains("born"),
                "proposed partner " + other + ": " + p);
        assertTrue(((Number) p.get("phrasing")).doubleValue() >= 0.6, "phrasing similarity " + p);
        int id = ((Number) p.get("id")).intValue();
        JsonPath accepted = Api.admin().post("/api/kg/alignments/proposals/" + id + "/accept").then().statusCode(200)
                .body("proposal.status", equalTo("ACCEPTED")).body("proposal.decidedBy", equalTo(Api.ADMIN))
                .extract().jsonPath();
        assertTrue(accepted.getList("aligned").contains("birth_town"), accepted.prettify());
        assertNotNull(accepted.getList("conflicts"), "the conflicts the alignment created are listed: " + accepted.prettify());
        Api.admin().get("/api/kg/relations").then().statusCode(200);
        Api.admin().get("/api/kg/alignments").then().statusCode(200)
                .body("findAll { it.a == 'birth_town' || it.b == 'birth_town' }.size()", org.hamcrest.Matchers.greaterThan(0));
        // decided once: a second decision is a conflict, an unknown id is 404
        Api.admin().post("/api/kg/alignments/proposals/" + id + "/accept").then().statusCode(409)
                .body("detail", containsString("already accepted"));
        Api.admin().body(Map.of("reason", "x")).post("/api/kg/alignments/proposals/999999/reject").then().statusCode(404);
        // the audit log names the admin
        Api.admin().get("/api/kg/alignments/proposals").then().body("find { it.id == " + id + " }.status", equalTo("ACCEPTED"));
    }

    @Test
    void aRejectedPairIsNotProposedAgainAndEditorsCannotDecide() {
        Api.admin().body(Map.of("altLabels", List.of("spouse of", "is married to"), "templates", List.of("{subject} is married to")))
                .put("/api/kg/relations/wedded_to").then().statusCode(200);
        Api.admin().post("/api/kg/alignments/proposals").then().statusCode(200);
        Map<String, Object> p = pendingFor("wedded_to");
        assertNotNull(p, "wedded_to is proposed beside a spouse relation");
        int id = ((Number) p.get("id")).intValue();
        Api.editor("ed_align").post("/api/kg/alignments/proposals/" + id + "/accept").then().statusCode(403);
        Api.admin().body(Map.of("reason", "different sense")).post("/api/kg/alignments/proposals/" + id + "/reject")
                .then().statusCode(200).body("status", equalTo("REJECTED")).body("note", equalTo("different sense"));
        Api.admin().post("/api/kg/alignments/proposals").then().statusCode(200);
        List<Map<String, Object>> pending = Api.admin().queryParam("status", "pending").get("/api/kg/alignments/proposals")
                .then().extract().jsonPath().getList("$");
        assertFalse(pending.stream().anyMatch(x -> ((Number) x.get("id")).intValue() == id), "rejected stays rejected");
        assertFalse(pending.stream().anyMatch(x -> p.get("a").equals(x.get("a")) && p.get("b").equals(x.get("b"))),
                "the rejected pair is not proposed again");
        Api.admin().queryParam("status", "maybe").get("/api/kg/alignments/proposals").then().statusCode(400);
    }
}
