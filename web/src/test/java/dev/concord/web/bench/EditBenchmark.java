package dev.concord.web.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Latency and throughput of POST /api/edits against a running server (loopback only, bounded
 * loops): p50/p99 of one client submitting non-conflicting edits one after another, then edits/s
 * with 20 concurrent clients. Start the server with or without the model (CONCORD_MODEL_ENABLED)
 * to compare the model step with graph-only mode.
 *
 * <pre>java ... EditBenchmark [baseUrl=http://localhost:8080] [adminPassword] [sequential=200] [perClient=25]</pre>
 */
public final class EditBenchmark {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private EditBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        String password = args.length > 1 ? args[1] : System.getenv().getOrDefault("CONCORD_ADMIN_PASSWORD", "admin");
        int sequential = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int perClient = args.length > 3 ? Integer.parseInt(args[3]) : 25;
        if (!URI.create(base).getHost().equals("localhost") && !URI.create(base).getHost().equals("127.0.0.1")) {
            throw new IllegalArgumentException("the benchmark only runs against loopback, found " + base);
        }
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        String run = UUID.randomUUID().toString().substring(0, 6);
        String model = get(base + "/api/model", auth);
        System.out.println("model: " + model.substring(0, Math.min(200, model.length())));

        for (int i = 0; i < 10; i++) {
            submit(base, auth, "Warm_" + run + "_" + i);
        }
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < sequential; i++) {
            long t0 = System.nanoTime();
            submit(base, auth, "Seq_" + run + "_" + i);
            nanos.add(System.nanoTime() - t0);
        }
        Collections.sort(nanos);
        System.out.printf("sequential non-conflicting edits: n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n", sequential,
                nanos.get(nanos.size() / 2) / 1e6, nanos.get((int) Math.ceil(nanos.size() * 0.99) - 1) / 1e6,
                nanos.get(nanos.size() - 1) / 1e6);

        int clients = 20;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger ok = new AtomicInteger();
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                for (int k = 0; k < perClient; k++) {
                    submit(base, auth, "Par_" + run + "_" + client + "_" + k);
                    ok.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("20 concurrent clients: %d edits in %.1f s = %.1f edits/s%n", ok.get(), seconds, ok.get() / seconds);
    }

    private static void submit(String base, String auth, String subject) throws Exception {
        String body = "{\"subject\":\"" + subject + "\",\"relation\":\"wife\",\"object\":\"" + subject + "_W\",\"op\":\"ASSERT\"}";
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/edits")).header("Authorization", auth)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 201 || !resp.body().contains("\"APPLIED\"")) {
            throw new IllegalStateException("expected 201 APPLIED, found " + resp.statusCode() + " " + resp.body());
        }
    }

    private static String get(String url, String auth) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).GET().build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString()).body();
    }
}
