package dev.concord.web;

import dev.concord.web.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Issue 17: names that an IRI cannot hold as written, through the API and SPARQL. */
@QuarkusTest
class NamesTest {

    @Test
    void delimitersInNamesAreStoredEncodedAndReadBackExactly() {
        for (String base : new String[] {"x#y?z", "100%_sure", "../../etc/passwd", "a/b"}) {
            String name = base + "_" + Api.unique("n");
            Api.submit(Api.admin(), name, "born_in", "Honolulu", "ASSERT").statusCode(201);
            Api.admin().urlEncodingEnabled(false)
                    .get("/api/kg/entities/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"))
                    .then().statusCode(200).body("entity", equalTo(name));
            String iri = "http://concord.local/entity/" + name.replace("%", "%25").replace("#", "%23")
                    .replace("?", "%3F").replace("/", "%2F");
            Api.admin().accept("application/sparql-results+json")
                    .queryParam("query", "SELECT ?s WHERE { ?s <http://concord.local/relation/born_in> ?o }")
                    .get("/sparql").then().statusCode(200).body("results.bindings.s.value", hasItem(iri));
        }
    }

    @Test
    void aNameWithDelimitersTaughtInTheChatIsTheSameEntityInTheGraph() {
        String tag = Api.unique("c").replace("_", "");
        String name = "Ann_100%_Sure" + tag;
        Api.admin().body(java.util.Map.of("message", "Ann 100% Sure" + tag + " was born in Honolulu.")).post("/api/chat")
                .then().statusCode(200);
        Api.admin().urlEncodingEnabled(false)
                .get("/api/kg/entities/" + URLEncoder.encode(name, StandardCharsets.UTF_8))
                .then().statusCode(200).body("entity", equalTo(name))
                .body("outgoing.object", hasItem("Honolulu"));
    }

    @Test
    void namesAnIriCannotCarryAre400NamingTheCharacterAndChangeNothing() {
        Api.submit(Api.admin(), "bell\u0007" + Api.unique("n"), "born_in", "Honolulu", "ASSERT").statusCode(400)
                .body("detail", containsString("U+0007"));
        Api.submit(Api.admin(), "a<b" + Api.unique("n"), "born_in", "Honolulu", "ASSERT").statusCode(400)
                .body("detail", containsString("'<'"));
        Api.submit(Api.admin(), "n".repeat(500), "born_in", "Honolulu", "ASSERT").statusCode(400)
                .body("detail", containsString("at most 200"));
    }
}
