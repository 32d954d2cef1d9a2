package dev.concord.web.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.controller.FaultInjector;
import dev.concord.kg.Iris;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application as a child JVM (the integration tests' server): started with system
 * properties on a free port, its output copied to a log file and kept for failure messages, driven
 * over HTTP with the admin's Basic credentials.
 */
public class PackagedServer {
    private static final Duration START = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;
    private final List<String> lines = new ArrayList<>();
    private final String auth;

    /**
     * Starts {@code jar} with {@code properties} ("-Dkey=value"; the port is added), copying its
     * output to {@code log}; {@code adminPassword} signs the requests.
     */
    public PackagedServer(Path jar, List<String> properties, Path log, String adminPassword) throws IOException {
        port = freePort();
        auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-Dquarkus.http.port=" + port));
        if (!Boolean.getBoolean("concord.test.full-jit")) {
            cmd.add("-XX:TieredStopAtLevel=1"); // starts faster; benchmarks set concord.test.full-jit
        }
        cmd.addAll(properties);
        cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        Files.createDirectories(log.getParent());
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Writer out = Files.newBufferedWriter(log);
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 out) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.write(line);
                    out.write('\n');
                    out.flush();
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "server-output-" + port);
        pump.setDaemon(true);
        pump.start();
    }

    private String tail() {
        synchronized (lines) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
    }

    private void checkAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("the server exited with " + process.exitValue() + ":\n" + tail());
        }
    }

    public void awaitReady() throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            checkAlive();
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/sparql?query=" + enc("ASK {}")))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the server did not answer within " + START + ":\n" + tail());
    }

    public void awaitModelReady() throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            checkAlive();
            String state = get("/api/model").get("state").asText();
            if (state.equals("READY")) {
                return;
            }
            assertEquals("LOADING", state, "the model loads");
            Thread.sleep(250);
        }
        throw new AssertionError("the model did not load within " + START + ":\n" + tail());
    }

    public void awaitPause(String point) throws Exception {
        String marker = FaultInjector.PAUSE_MARKER + " " + point;
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (lines) {
                if (lines.contains(marker)) {
                    return;
                }
            }
            checkAlive();
            Thread.sleep(20);
        }
        throw new AssertionError("the server never paused at " + point + ":\n" + tail());
    }

    /** SIGKILL (what Process.destroyForcibly sends on Linux): no shutdown hook, no flush. */
    public void killNine() throws Exception {
        process.destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the killed server is gone");
        assertEquals(128 + 9, process.exitValue(), "the server died of SIGKILL");
    }

    /** SIGTERM and wait: the graceful stop, so the test can open the data folder itself. */
    public void stop() throws Exception {
        process.destroy();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the server stops within 60 s:\n" + tail());
    }

    public void kill() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Polls the edit until its step is DONE (recovered model steps wait for the model to load). */
    public JsonNode awaitDone(long id) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        JsonNode e = null;
        while (System.nanoTime() < deadline) {
            checkAlive();
            e = get("/api/edits/" + id);
            if (e.get("step").asText().equals("DONE")) {
                return e;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("edit " + id + " was not finished after the restart: " + e + "\n" + tail());
    }

    public boolean ask(String pattern) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/sparql?query=" + enc(Iris.prefixes() + "ASK { " + pattern + " }")))
                .header("Accept", "application/sparql-results+json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("boolean").asBoolean();
    }

    public JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", auth)
                .header("Accept", "application/json").timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), "GET " + path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    public JsonNode post(String path, Map<String, ?> body, int status) throws Exception {
        HttpResponse<String> r = HTTP.send(postRequest(path, body), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), "POST " + path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    /** Sends without waiting: the server pauses mid-request and is killed before it answers. */
    public void postAsync(String path, Map<String, ?> body) throws Exception {
        HTTP.sendAsync(postRequest(path, body), HttpResponse.BodyHandlers.discarding());
    }

    private HttpRequest postRequest(String path, Map<String, ?> body) throws IOException {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", auth).header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    }

    /** POSTs and returns the status code, whatever it is. */
    public int postStatus(String path, Map<String, ?> body) throws Exception {
        return HTTP.send(postRequest(path, body), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** A GET whose status is not checked (health endpoints answer 503 with a body). */
    public JsonNode getAny(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", auth)
                .header("Accept", "application/json").timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** The bindings of a SPARQL SELECT (the graph's prefixes are added). */
    public JsonNode select(String query) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/sparql?query=" + enc(Iris.prefixes() + query)))
                .header("Accept", "application/sparql-results+json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).at("/results/bindings");
    }

    /** The server's base address. */
    public URI base() {
        return URI.create("http://localhost:" + port);
    }

    /** The log's last 40 lines. */
    public String recent() {
        return tail();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
