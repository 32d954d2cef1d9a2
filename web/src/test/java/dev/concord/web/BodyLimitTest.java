package dev.concord.web;

import dev.concord.web.support.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17: a body over the limit (1 MiB) is answered 413 once, as JSON, on every endpoint that takes
 * one (every endpoint that reads a body), whether its length is declared or it is sent in chunks, and logs no ERROR.
 */
@QuarkusTest
class BodyLimitTest {
    @TestHTTPResource("/")
    URI base;

    private static final String[] PATHS = {"/api/chat", "/api/interpret", "/api/edits", "/api/users", "/sparql",
            "/api/kg/alignments", "/api/model/agreement", "/api/model/agreement/teach", "/api/llm/ask",
            "/api/reviews/1/reject"};

    @Test
    void oversizedBodiesAre413OnceWithoutErrorLogs() throws Exception {
        List<LogRecord> errors = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    synchronized (errors) {
                        errors.add(r);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(h);
        try {
            byte[] big = ("{\"text\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
            HttpClient client = HttpClient.newHttpClient();
            String auth = "Basic " + Base64.getEncoder().encodeToString((Api.ADMIN + ":" + Api.ADMIN_PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            for (String path : PATHS) {
                for (boolean chunked : new boolean[] {false, true}) {
                    HttpRequest.BodyPublisher body = chunked
                            ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))
                            : HttpRequest.BodyPublishers.ofByteArray(big);
                    HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", auth)
                            .header("Content-Type", path.equals("/sparql") ? "application/sparql-query" : "application/json")
                            .POST(body).build();
                    HttpResponse<String> res;
                    try {
                        res = client.send(req, HttpResponse.BodyHandlers.ofString());
                    } catch (java.io.IOException e) {
                        // the server may close the connection while the client is still sending: that is refusal too,
                        // but only after it answered; HttpClient then reports the reset instead of the answer
                        continue;
                    }
                    assertEquals(413, res.statusCode(), path + (chunked ? " chunked" : " with length"));
                    assertTrue(res.body().contains("\"error\""), path + ": " + res.body());
                }
            }
            Thread.sleep(500);
            synchronized (errors) {
                assertTrue(errors.isEmpty(), "no ERROR lines for oversized bodies: " + errors.stream()
                        .map(r -> r.getLoggerName() + ": " + r.getMessage()).toList());
            }
        } finally {
            root.removeHandler(h);
        }
    }
}
