package dev.concord.web;

import dev.concord.web.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A few hundred generated bad requests against every endpoint: malformed JSON, wrong types,
 * missing fields, empty and huge text, unknown ids, oversized bodies and bad SPARQL. None may
 * answer 5xx, and every answer is a JSON {error, detail}.
 */
@QuarkusTest
class BadInputTest {
    private record Call(String method, String path, String contentType, byte[] body, boolean asAdmin) {
        @Override
        public String toString() {
            String b = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return method + " " + path + " [" + contentType + "] " + (b.length() > 80 ? b.substring(0, 80) + "..." : b);
        }
    }

    private static final String[] JSON_PATHS = {
            "POST /api/interpret", "POST /api/chat", "POST /api/edits", "POST /api/reviews/1/reject",
            "POST /api/llm/ask", "POST /api/users", "PUT /api/kg/relations/some_relation"};

    private static final String[] FIELDS = {"text", "message", "subject", "relation", "object", "op", "reason",
            "prompt", "username", "password", "role", "functional", "templates", "chain", "datatype"};

    private static List<String> badBodies(Random rnd) {
        List<String> bodies = new ArrayList<>(List.of("", "{", "}", "[", "[]", "null", "42", "\"text\"", "{\"a\":",
                "{'single': 'quotes'}", "{\"subject\": }", "{,}", "not json at all", "{\"text\": \"unterminated}",
                "{}", "{\"text\": \"\"}", "{\"message\": \"   \"}", "{\"text\": null}", "{\"subject\": {}}",
                "{\"subject\": [1, 2]}", "{\"op\": 5, \"subject\": \"A\", \"relation\": \"wife\", \"object\": \"B\"}",
                "{\"subject\": \"A\", \"relation\": \"wife\", \"object\": \"B\", \"op\": \"DELETE\"}",
                "{\"subject\": \"A<>\", \"relation\": \"wife\", \"object\": \"B\"}",
                "{\"subject\": \"A\", \"relation\": \"no_such_relation_here\", \"object\": \"B\"}",
                "{\"subject\": \"A\", \"relation\": \"wife\"}",
                "{\"username\": \"bad name!\", \"password\": \"longenough1\", \"role\": \"editor\"}",
                "{\"functional\": \"maybe\"}", "{\"chain\": [\"a\", \"b\", \"c\"]}", "{\"templates\": \"x\"}",
                "{\"reason\": \"\"}", "{\"prompt\": \"\"}", "{\"subject\": \"Donald_Trump\"}"));
        String huge = "x".repeat(50_000);
        for (String f : FIELDS) {
            bodies.add("{\"" + f + "\": \"" + huge + "\"}");
            bodies.add("{\"" + f + "\": " + (rnd.nextBoolean() ? "true" : "[{}]") + "}");
        }
        for (int i = 0; i < 12; i++) {
            StringBuilder sb = new StringBuilder("{");
            for (int k = 0; k < 3; k++) {
                sb.append(k == 0 ? "" : ",").append('"').append(FIELDS[rnd.nextInt(FIELDS.length)]).append("\":");
                switch (rnd.nextInt(5)) {
                    case 0 -> sb.append("\"\"");
                    case 1 -> sb.append(rnd.nextInt());
                    case 2 -> sb.append("{\"nested\":1}");
                    case 3 -> sb.append("\"\\u0000\\u0007<script>\"");
                    default -> sb.append("\"").append("y".repeat(rnd.nextInt(3000))).append("\"");
                }
            }
            bodies.add(sb.append('}').toString());
        }
        return bodies;
    }

    private static List<Call> calls() {
        Random rnd = new Random(7);
        List<Call> calls = new ArrayList<>();
        for (String mp : JSON_PATHS) {
            String[] p = mp.split(" ");
            for (String body : badBodies(rnd)) {
                if (p[1].equals("/api/llm/ask") && body.equals("{\"subject\": \"A\", \"relation\": \"wife\"}")) {
                    continue; // a valid question about an unknown subject
                }
                calls.add(new Call(p[0], p[1], "application/json", body.getBytes(StandardCharsets.UTF_8), true));
            }
            calls.add(new Call(p[0], p[1], "text/plain", "{\"text\":\"hello\"}".getBytes(StandardCharsets.UTF_8), true));
            calls.add(new Call(p[0], p[1], "application/json", new byte[]{(byte) 0xff, (byte) 0xfe, 0x00, 0x7b}, true));
            calls.add(new Call(p[0], p[1], "application/json", ("{\"text\":\"" + "z".repeat(2_000_000) + "\"}")
                    .getBytes(StandardCharsets.UTF_8), true));
        }
        for (String id : List.of("0", "-1", "999999999", "abc", "1.5", "9999999999999999999999", "%20", "null")) {
            calls.add(new Call("GET", "/api/edits/" + id, null, null, false));
            calls.add(new Call("GET", "/api/edits/" + id + "/history", null, null, false));
            calls.add(new Call("POST", "/api/edits/" + id + "/rollback", null, null, false));
            calls.add(new Call("POST", "/api/reviews/" + id + "/approve", null, null, true));
            calls.add(new Call("POST", "/api/reviews/" + id + "/reject", "application/json",
                    "{\"reason\":\"no\"}".getBytes(StandardCharsets.UTF_8), true));
            calls.add(new Call("POST", "/api/users/" + id + "/rollback", null, null, true));
        }
        for (String q : List.of("status=NOPE", "limit=0", "limit=100000", "offset=-5", "limit=abc")) {
            calls.add(new Call("GET", "/api/edits?" + q, null, null, false));
        }
        for (String name : List.of("No_Such_Thing_At_All", "%3Cscript%3E", "a%7Cb", "%20")) {
            calls.add(new Call("GET", "/api/kg/entities/" + name, null, null, false));
        }
        calls.add(new Call("GET", "/api/kg/search?q=", null, null, false));
        calls.add(new Call("GET", "/api/kg/search?q=x&limit=-1", null, null, false));
        calls.add(new Call("GET", "/api/no/such/endpoint", null, null, false));
        calls.add(new Call("DELETE", "/api/edits", null, null, false));
        for (String q : List.of("SELECT", "SELEKT * WHERE {}", "SELECT * WHERE { ?s ?p }", "ASK {", "DROP ALL",
                "INSERT DATA { <a:b> <a:c> <a:d> }", "SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }",
                "PREFIX x: SELECT * {}", "", "CONSTRUCT { ?s ?p } WHERE { ?s ?p ?o }")) {
            calls.add(new Call("GET", "/sparql?query=" + java.net.URLEncoder.encode(q, StandardCharsets.UTF_8), null, null, false));
            calls.add(new Call("POST", "/sparql", "application/sparql-query", q.getBytes(StandardCharsets.UTF_8), false));
            calls.add(new Call("POST", "/sparql", "application/x-www-form-urlencoded",
                    ("query=" + java.net.URLEncoder.encode(q, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8), false));
        }
        calls.add(new Call("POST", "/sparql", "application/x-www-form-urlencoded",
                "update=DROP+ALL".getBytes(StandardCharsets.UTF_8), false));
        calls.add(new Call("POST", "/sparql", "application/json", "{}".getBytes(StandardCharsets.UTF_8), false));
        return calls;
    }

    @Test
    void badRequestsGetA4xxWithAJsonErrorAndNeverA5xx() {
        List<Call> calls = calls();
        assertTrue(calls.size() >= 300, "a few hundred requests, found " + calls.size());
        List<String> problems = new ArrayList<>();
        for (Call c : calls) {
            RequestSpecification spec = (c.asAdmin() ? Api.admin() : Api.editor("fuzzer")).urlEncodingEnabled(false);
            if (c.contentType() != null) {
                spec = spec.contentType(c.contentType());
            }
            if (c.body() != null) {
                spec = "application/x-www-form-urlencoded".equals(c.contentType())
                        ? spec.body(new String(c.body(), StandardCharsets.UTF_8)) : spec.body(c.body());
            }
            Response r = spec.request(c.method(), c.path());
            int status = r.statusCode();
            String type = r.contentType();
            String body = r.asString();
            boolean jsonError = type != null && type.startsWith("application/json")
                    && body.contains("\"error\"") && body.contains("\"detail\"");
            if (status < 400 || status >= 500 || !jsonError) {
                problems.add(status + " " + type + " " + (body.length() > 120 ? body.substring(0, 120) : body) + "  <-  " + c);
            }
        }
        assertEquals(List.of(), problems, problems.size() + " of " + calls.size() + " bad requests were not answered with a 4xx JSON error");
    }

    @Test
    void oversizedBodyIs413() {
        Api.editor("fuzzer").body(("{\"text\":\"" + "z".repeat(2_000_000) + "\"}").getBytes(StandardCharsets.UTF_8))
                .post("/api/interpret").then().statusCode(413);
        RestAssured.given().get("/api/edits").then().statusCode(401);
    }
}
