package dev.concord.web;

import dev.concord.web.support.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /ws/events pushes committed audit events as JSON to logged-in users only. */
@QuarkusTest
class EventSocketTest {
    @TestHTTPResource("/ws/events")
    URI http;

    private URI ws() {
        return URI.create(http.toString().replaceFirst("^http", "ws"));
    }

    @Test
    void editEventsArriveLive() throws Exception {
        Api.editor("watcher");
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        String auth = "Basic " + Base64.getEncoder().encodeToString("watcher:watcherwatcher-pw".getBytes(StandardCharsets.UTF_8));
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", auth)
                .buildAsync(ws(), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            messages.add(partial.toString());
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(20, TimeUnit.SECONDS);
        try {
            String hello = messages.poll(20, TimeUnit.SECONDS);
            assertNotNull(hello);
            assertTrue(hello.contains("\"hello\""), hello);
            String man = Api.unique("Watched");
            int id = Api.submit(Api.editor("alice"), man, "wife", Api.unique("W"), "ASSERT").statusCode(201).extract().path("id");
            boolean seen = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!seen && System.nanoTime() < deadline) {
                String m = messages.poll(1, TimeUnit.SECONDS);
                seen = m != null && m.contains("\"editId\":" + id) && m.contains("\"actor\":\"alice\"") && m.contains(man);
            }
            assertTrue(seen, "an event for edit " + id + " arrived");
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anonymousClientsAreRefused() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(ws(), new WebSocket.Listener() { }).get(20, TimeUnit.SECONDS));
        WebSocketHandshakeException h = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(401, h.getResponse().statusCode());
    }
}
