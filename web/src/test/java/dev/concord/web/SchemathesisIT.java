package dev.concord.web;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17: schemathesis (PyPI) generates requests for every operation of the running server's own
 * OpenAPI document and checks that none answers 5xx and every response matches its schema. The packaged
 * server runs graph-only on a fresh data folder. schemathesis comes from {@code -Dconcord.schemathesis}
 * / {@code CONCORD_SCHEMATHESIS} (a path; .ci/run installs it in a venv) or the PATH; without it the
 * test is skipped with that reason. Output: target/schemathesis.log.
 */
class SchemathesisIT {
    private static final String PASSWORD = "schemathesis-admin-pw";

    private static String schemathesis() {
        String s = System.getProperty("concord.schemathesis", System.getenv("CONCORD_SCHEMATHESIS"));
        return s == null || s.isBlank() ? "schemathesis" : s;
    }

    private static boolean runs(String exe) {
        try {
            Process p = new ProcessBuilder(exe, "--version").redirectErrorStream(true).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void noServerErrorAndNoResponseOutsideItsSchema() throws Exception {
        String exe = schemathesis();
        Assumptions.assumeTrue(runs(exe), "schemathesis is not installed (pip install schemathesis; .ci/run does)");
        Path jar = Path.of(System.getProperty("concord.app.jar", "target/quarkus-app/quarkus-run.jar"));
        assertTrue(Files.isRegularFile(jar), "the packaged server at " + jar);
        Path data = Files.createTempDirectory("concord-schemathesis");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path serverLog = Path.of("target", "schemathesis-server.log");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=" + port, "-Dconcord.data-dir=" + data,
                "-Dconcord.admin-password=" + PASSWORD, "-Dconcord.model.enabled=false",
                "-jar", jar.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
        try {
            String base = "http://localhost:" + port;
            awaitReady(base, server);
            Path log = Path.of("target", "schemathesis.log");
            List<String> cmd = new ArrayList<>(List.of(exe, "run", base + "/q/openapi", "--auth", "admin:" + PASSWORD,
                    "--checks", "not_a_server_error,response_schema_conformance", "--max-examples", "25",
                    "--workers", "1", "--seed", "17", "--no-color"));
            Process st = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(st.waitFor(15, TimeUnit.MINUTES), "schemathesis finished");
            String out = Files.readString(log, StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("(\\d+) generated").matcher(out);
            String generated = m.find() ? m.group(1) : "?";
            System.out.println("schemathesis: " + generated + " generated requests; log in " + log);
            assertEquals(0, st.exitValue(), "schemathesis found failures (target/schemathesis.log):\n"
                    + out.substring(Math.max(0, out.length() - 4000)));
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static void awaitReady(String base, Process server) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("the server exited with " + server.exitValue() + " (target/schemathesis-server.log)");
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the server was not ready within 120 s (target/schemathesis-server.log)");
    }
}
