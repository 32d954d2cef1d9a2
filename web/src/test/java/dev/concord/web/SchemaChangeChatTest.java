package dev.concord.web;

import dev.concord.web.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The chat's interpreter keeps the relation list between sentences; a relation an admin adds
 * through PUT /api/kg/relations/{name} is understood by the very next chat message.
 */
@QuarkusTest
class SchemaChangeChatTest {
    @Test
    void aNewRelationIsUnderstoodByTheChatRightAfterItIsAdded() {
        String question = "Who is the spirit guide of Donald Trump?";
        // the interpreter has read (and kept) the schema before the relation exists
        Api.editor("alice").body(Map.of("message", question)).post("/api/chat").then().statusCode(200)
                .body("triples.relation", not(hasItem("spirit_guide")));

        Api.admin().body(Map.of("functional", true, "altLabels", List.of("spirit guide", "guru"),
                        "templates", List.of("The spirit guide of {subject} is")))
                .put("/api/kg/relations/spirit_guide").then().statusCode(200);

        Api.editor("alice").body(Map.of("message", question)).post("/api/chat").then().statusCode(200)
                .body("intent", is("QUERY"))
                .body("triples[0].subject", is("Donald_Trump"))
                .body("triples[0].relation", is("spirit_guide"));
        Api.editor("alice").body(Map.of("message", "Donald Trump's guru is Melania Trump.")).post("/api/chat").then()
                .statusCode(200)
                .body("intent", is("EDIT"))
                .body("triples[0].relation", is("spirit_guide"))
                .body("edit.status", is("APPLIED"));
        Api.editor("alice").body(Map.of("message", question)).post("/api/chat").then().statusCode(200)
                .body("answer.kg", hasItem("Melania_Trump"));
    }
}
