package dev.concord.interpreter.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.concord.interpreter.InMemoryLexicon;
import dev.concord.interpreter.Intent;
import dev.concord.interpreter.Interpretation;
import dev.concord.interpreter.Interpreter;
import dev.concord.interpreter.InterpreterConfig;
import dev.concord.interpreter.Interpreters;
import dev.concord.interpreter.ParsedTriple;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real LangChain4j OpenAI client, built by {@link Interpreters#create}, against a local
 * HTTP server that answers like an OpenAI-compatible chat-completions endpoint (the remote
 * provider is the only thing stood in for).
 */
class OpenAiEndpointTest {

    private final ObjectMapper json = new ObjectMapper();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private volatile String content;
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            requests.add(json.readTree(exchange.getRequestBody()));
            ObjectNode body = json.createObjectNode();
            if (status.get() == 200) {
                body.put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 0).put("model", "test-model");
                ObjectNode choice = body.putArray("choices").addObject();
                choice.put("index", 0).put("finish_reason", "stop");
                choice.putObject("message").put("role", "assistant").put("content", content);
                body.putObject("usage").put("prompt_tokens", 1).put("completion_tokens", 1).put("total_tokens", 2);
            } else {
                body.putObject("error").put("message", "model not loaded").put("type", "server_error");
            }
            byte[] bytes = json.writeValueAsBytes(body);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Interpreter interpreter() {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        return Interpreters.create(new InterpreterConfig(url, "", "test-model", Duration.ofSeconds(5)), InMemoryLexicon.bundled());
    }

    @Test
    void interpretsThroughAnOpenAiCompatibleEndpointWithAJsonSchema() {
        content = "{\"intent\":\"QUERY\",\"triples\":[{\"subject\":\"Melania_Trump\",\"relation\":\"spouse\",\"object\":\"Donald_Trump\"}]}";
        Interpreter interpreter = interpreter();
        try {
            Interpretation i = interpreter.interpret("Is Melania Trump married to Donald Trump?");
            assertEquals(Intent.QUERY, i.intent());
            assertEquals(List.of(ParsedTriple.of("Melania_Trump", "spouse", "Donald_Trump")), i.triples());
            assertEquals("llm:test-model", i.interpreter());
        } finally {
            ((LlmInterpreter) interpreter).close();
        }
        JsonNode request = requests.get(0);
        assertEquals("test-model", request.path("model").asText());
        assertEquals("json_schema", request.path("response_format").path("type").asText());
        assertEquals("Is Melania Trump married to Donald Trump?", request.path("messages").get(1).path("content").asText());
        assertTrue(request.path("messages").get(0).path("content").asText().contains("- spouse"));
    }

    @Test
    void aServerErrorFallsBackToTheRules() {
        status.set(500);
        Interpreter interpreter = interpreter();
        assertInstanceOf(LlmInterpreter.class, interpreter);
        try {
            Interpretation i = interpreter.interpret("Who is the mother of Hillary Clinton?");
            assertEquals("rules (fallback: error)", i.interpreter());
            assertEquals(List.of(ParsedTriple.of("Hillary_Clinton", "mother", null)), i.triples());
        } finally {
            ((LlmInterpreter) interpreter).close();
        }
    }
}
