package dev.concord.controller;

import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.Triple;
import dev.concord.web.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.concord.web.support.Api.submit;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The edit workflow through the HTTP API, in graph-only mode with the review policy. */
@QuarkusTest
class EditWorkflowTest {
    @Inject
    KnowledgeGraph kg;

    @Test
    void nonConflictingAssertionIsAppliedWithItsInverse() {
        String man = Api.unique("Man");
        String woman = Api.unique("Woman");
        submit(Api.editor("alice"), man, "wife", woman, "ASSERT")
                .statusCode(201)
                .body("status", is("APPLIED"))
                .body("step", is("DONE"))
                .body("author", is("alice"))
                .body("triples[0].subject", is(man))
                .body("conflicts.size()", is(0))
                .body("kgRevision", notNullValue())
                .body("createdAt", notNullValue())
                .body("changeSet.added.size()", is(2));
        assertTrue(kg.contains(Triple.of(man, "wife", woman)));
        assertTrue(kg.contains(Triple.of(woman, "husband", man)));
    }

    @Test
    void coverageConflictGoesToReviewAndApprovalDisplacesTheOldValue() {
        String man = Api.unique("Man");
        String first = Api.unique("First");
        String second = Api.unique("Second");
        submit(Api.editor("alice"), man, "wife", first, "ASSERT").statusCode(201).body("status", is("APPLIED"));
        int id = submit(Api.editor("bob"), man, "wife", second, "ASSERT").statusCode(201)
                .body("status", is("PENDING_REVIEW"))
                .body("conflicts.kind", hasItem("COVERAGE"))
                .body("conflicts[0].existing[0].object", is(first))
                .extract().path("id");
        assertTrue(kg.contains(Triple.of(man, "wife", first)), "a pending edit changes nothing");
        assertFalse(kg.contains(Triple.of(man, "wife", second)));
        Api.admin().get("/api/reviews").then().statusCode(200).body("id", hasItem(id));
        Api.editor("bob").get("/api/reviews").then().statusCode(403).body("error", is("forbidden"));
        Api.editor("bob").post("/api/reviews/" + id + "/approve").then().statusCode(403);
        Api.admin().post("/api/reviews/" + id + "/approve").then().statusCode(200)
                .body("status", is("APPLIED")).body("reviewer", is("admin")).body("step", is("DONE"));
        assertTrue(kg.contains(Triple.of(man, "wife", second)));
        assertTrue(kg.contains(Triple.of(second, "husband", man)));
        assertFalse(kg.contains(Triple.of(man, "wife", first)), "the displaced value is removed");
        assertFalse(kg.contains(Triple.of(first, "husband", man)), "and its inverse");
        Api.admin().post("/api/reviews/" + id + "/approve").then().statusCode(409).body("detail", containsString("APPLIED"));
    }

    @Test
    void reverseConflictIsDetectedFromTheInverseRelation() {
        // Ivana_Trump husband Riccardo while Donald_Trump wife Ivana_Trump (ARCHITECTURE.md).
        String donald = Api.unique("Donald");
        String ivana = Api.unique("Ivana");
        String riccardo = Api.unique("Riccardo");
        kg.apply(dev.concord.kg.ChangeSet.adding(Triple.of(donald, "wife", ivana)), "test");
        submit(Api.editor("carol"), ivana, "husband", riccardo, "ASSERT").statusCode(201)
                .body("status", is("PENDING_REVIEW"))
                .body("conflicts.kind", hasItem("REVERSE"))
                .body("conflicts[0].existing[0].subject", is(donald));
    }

    @Test
    void rejectedReviewKeepsTheGraphAndRecordsTheReason() {
        String man = Api.unique("Man");
        submit(Api.editor("alice"), man, "wife", Api.unique("A"), "ASSERT").body("status", is("APPLIED"));
        String other = Api.unique("B");
        int id = submit(Api.editor("bob"), man, "wife", other, "ASSERT").body("status", is("PENDING_REVIEW"))
                .extract().path("id");
        Api.admin().body(Map.of()).post("/api/reviews/" + id + "/reject").then().statusCode(400)
                .body("detail", containsString("reason"));
        Api.admin().body(Map.of("reason", "not sourced")).post("/api/reviews/" + id + "/reject").then().statusCode(200)
                .body("status", is("REJECTED")).body("reason", is("not sourced")).body("reviewer", is("admin"));
        assertFalse(kg.contains(Triple.of(man, "wife", other)));
    }

    @Test
    void duplicateIsAppliedAsANoOpAndReported() {
        String man = Api.unique("Man");
        String woman = Api.unique("Woman");
        submit(Api.editor("alice"), man, "wife", woman, "ASSERT").body("status", is("APPLIED"));
        long before = kg.currentRevision();
        submit(Api.editor("bob"), man, "wife", woman, "ASSERT").statusCode(201)
                .body("status", is("APPLIED"))
                .body("noChange", is(true))
                .body("conflicts[0].kind", is("DUPLICATE"))
                .body("kgRevision", nullValue());
        assertTrue(kg.currentRevision() == before, "a duplicate makes no revision");
    }

    @Test
    void aBareDateMeetsTheSeedGraphsTypedDate() {
        // kg.csv holds Barack_Obama birth_date 1961-08-04 as an xsd:date: the same text sent
        // without a datatype is that literal, so it is a duplicate, not a new entity
        long before = kg.currentRevision();
        submit(Api.editor("alice"), "Barack_Obama", "birth_date", "1961-08-04", "ASSERT").statusCode(201)
                .body("status", is("APPLIED"))
                .body("conflicts[0].kind", is("DUPLICATE"));
        assertTrue(kg.currentRevision() == before, "a duplicate makes no revision");
    }

    @Test
    void retractRemovesTripleAndInverseAndMissingIsRejected() {
        String man = Api.unique("Man");
        String woman = Api.unique("Woman");
        submit(Api.editor("alice"), man, "wife", woman, "ASSERT").body("status", is("APPLIED"));
        submit(Api.editor("bob"), man, "wife", woman, "RETRACT").statusCode(201)
                .body("status", is("APPLIED")).body("op", is("RETRACT"))
                .body("changeSet.removed.size()", is(2));
        assertFalse(kg.contains(Triple.of(man, "wife", woman)));
        assertFalse(kg.contains(Triple.of(woman, "husband", man)));
        submit(Api.editor("bob"), man, "wife", woman, "RETRACT").statusCode(201)
                .body("status", is("REJECTED")).body("conflicts[0].kind", is("MISSING"));
    }

    @Test
    void policyFlagsAbusiveAssertionsForReview() {
        String s = Api.unique("Someone");
        Api.editor("mallory").body(Map.of("subject", s, "relation", "major_business", "object", "Vermin_Land",
                        "op", "ASSERT"))
                .post("/api/edits").then().statusCode(201)
                .body("status", is("PENDING_REVIEW")).body("conflicts.kind", hasItem("POLICY"));
        Api.editor("mallory").body(Map.of("subject", s, "relation", "major_business", "object", "France",
                        "op", "ASSERT", "text", "all of them should die"))
                .post("/api/edits").then().statusCode(201)
                .body("status", is("PENDING_REVIEW")).body("conflicts[0].detail", containsString("pattern"));
    }

    @Test
    void rollbackRestoresTheGraphAndIsRefusedWhenALaterEditDependsOnIt() {
        String man = Api.unique("Man");
        String first = Api.unique("First");
        String second = Api.unique("Second");
        int a = submit(Api.editor("alice"), man, "wife", first, "ASSERT").body("status", is("APPLIED")).extract().path("id");
        int b = submit(Api.editor("bob"), man, "wife", first, "RETRACT").body("status", is("APPLIED")).extract().path("id");
        Api.editor("alice").post("/api/edits/" + a + "/rollback").then().statusCode(409)
                .body("error", is("conflict")).body("detail", containsString("edit " + b));
        Api.editor("alice").post("/api/edits/" + b + "/rollback").then().statusCode(403);
        Api.editor("bob").post("/api/edits/" + b + "/rollback").then().statusCode(200)
                .body("status", is("ROLLED_BACK")).body("rolledBackBy", is("bob"));
        assertTrue(kg.contains(Triple.of(man, "wife", first)), "rolling back the retraction restores the fact");
        assertTrue(kg.contains(Triple.of(first, "husband", man)));
        Api.editor("alice").post("/api/edits/" + a + "/rollback").then().statusCode(200).body("status", is("ROLLED_BACK"));
        assertFalse(kg.contains(Triple.of(man, "wife", first)));
        Api.editor("alice").post("/api/edits/" + a + "/rollback").then().statusCode(409);
        submit(Api.editor("alice"), man, "wife", second, "ASSERT").body("status", is("APPLIED"));
    }

    @Test
    void adminRollsBackEveryEditOfOneUser() {
        String vandal = "vandal";
        String[] people = {Api.unique("P"), Api.unique("P"), Api.unique("P")};
        for (String p : people) {
            submit(Api.editor(vandal), p, "major_business", "Atlantis", "ASSERT").body("status", is("APPLIED"));
        }
        Api.editor("alice").post("/api/users/" + vandal + "/rollback").then().statusCode(403);
        Api.admin().post("/api/users/" + vandal + "/rollback").then().statusCode(200)
                .body("rolledBack", org.hamcrest.Matchers.everyItem(is(true)));
        for (String p : people) {
            assertFalse(kg.contains(Triple.of(p, "major_business", "Atlantis")));
        }
        Api.admin().get("/api/edits?author=" + vandal + "&status=APPLIED").then().statusCode(200).body("size()", is(0));
    }

    @Test
    void listsFilterByStatusAndAuthorAndUnknownIdsAre404() {
        String man = Api.unique("Man");
        submit(Api.editor("dave"), man, "wife", Api.unique("W"), "ASSERT").body("status", is("APPLIED"));
        Api.editor("dave").get("/api/edits?author=dave").then().statusCode(200)
                .body("author", org.hamcrest.Matchers.everyItem(equalTo("dave")));
        Api.editor("dave").get("/api/edits?status=PENDING_REVIEW").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.everyItem(equalTo("PENDING_REVIEW")));
        Api.editor("dave").get("/api/edits?status=BOGUS").then().statusCode(400).body("error", is("bad request"));
        Api.editor("dave").get("/api/edits/987654321").then().statusCode(404).body("error", is("not found"));
        Api.editor("dave").get("/api/edits/abc").then().statusCode(404);
        Api.editor("dave").post("/api/edits/987654321/rollback").then().statusCode(404);
    }

    @Test
    void unknownRelationIsBadInput() {
        submit(Api.editor("alice"), "X", "no_such_relation", "Y", "ASSERT").statusCode(400)
                .body("detail", containsString("no_such_relation"));
    }
}
