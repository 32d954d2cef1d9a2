package dev.concord.controller.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A stand-in for a remote moderation provider: a real HTTP server on loopback speaking the OpenAI
 * moderation API ({@code POST /v1/moderations}, {@code {model, input: [...]}} in, one result per
 * input out). An input containing {@link #ABUSIVE} is flagged for harassment and hate; one
 * containing {@link #BROKEN} gets a 500, one containing {@link #SLOW} a late answer; every request
 * is kept for the test to inspect.
 */
final class FakeModerationProvider implements AutoCloseable {
    static final String ABUSIVE = "Grimbleshank";
    static final String BROKEN = "Errorvale";
    /** An input containing this is answered (not flagged) only after {@link #SLOW_MS}. */
    static final String SLOW = "Slowvale";
    static final long SLOW_MS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received: its Authorization header and JSON body. */
    record Received(String authorization, JsonNode body) {
    }

    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    FakeModerationProvider(int port) {
        this.port = port;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on loopback: " + e.getMessage(), e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    List<Received> received() {
        return received;
    }

    synchronized FakeModerationProvider start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/v1/moderations", this::moderate);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return this;
    }

    /** Stops answering: connections to the port are refused until {@link #start()}. */
    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void moderate(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                send(exchange, 405, "{\"error\":{\"message\":\"POST only\"}}");
                return;
            }
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            received.add(new Received(exchange.getRequestHeaders().getFirst("Authorization"), body));
            ObjectNode answer = JSON.createObjectNode();
            answer.put("id", "modr-" + received.size());
            answer.put("model", body.path("model").asText("omni-moderation-latest"));
            ArrayNode results = answer.putArray("results");
            for (JsonNode input : body.path("input")) {
                String text = input.asText();
                if (text.contains(BROKEN)) {
                    send(exchange, 500, "{\"error\":{\"message\":\"the moderation service is overloaded\"}}");
                    return;
                }
                if (text.contains(SLOW)) {
                    try {
                        Thread.sleep(SLOW_MS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                boolean abusive = text.contains(ABUSIVE);
                ObjectNode r = results.addObject();
                r.put("flagged", abusive);
                ObjectNode categories = r.putObject("categories");
                categories.put("harassment", abusive);
                categories.put("hate", abusive);
                categories.put("violence", false);
                categories.put("self-harm", false);
                ObjectNode scores = r.putObject("category_scores");
                scores.put("harassment", abusive ? 0.91 : 0.01);
                scores.put("hate", abusive ? 0.74 : 0.0);
                scores.put("violence", 0.02);
                scores.put("self-harm", 0.0);
            }
            send(exchange, 200, JSON.writeValueAsString(answer));
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
