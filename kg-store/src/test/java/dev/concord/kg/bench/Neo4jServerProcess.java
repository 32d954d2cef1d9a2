package dev.concord.kg.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * The Neo4j test harness in a JVM of its own, as a Neo4j server runs beside Concord in production:
 * the benchmark's collections then do not pause the database, nor the database's the benchmark.
 * The child prints {@code bolt URI}; it answers {@code clear} (delete every node) with
 * {@code cleared} and stops when its input ends.
 */
final class Neo4jServerProcess implements AutoCloseable {
    private final Process process;
    private final PrintWriter commands;
    private final BufferedReader replies;
    private final String boltUri;

    private Neo4jServerProcess(Process process) throws IOException {
        this.process = process;
        this.commands = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.boltUri = await("bolt ").substring("bolt ".length());
    }

    /** Starts the child with {@code heap} (as -Xmx takes it) on this class path; returns once Bolt listens. */
    static Neo4jServerProcess start(String heap, Path log) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                "-cp", System.getProperty("java.class.path"), Neo4jServerProcess.class.getName());
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        return new Neo4jServerProcess(p);
    }

    String boltUri() {
        return boltUri;
    }

    /** Deletes every node and relationship. */
    void clear() throws IOException {
        commands.println("clear");
        await("cleared");
    }

    private String await(String prefix) throws IOException {
        for (String line = replies.readLine(); line != null; line = replies.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IOException("the Neo4j process ended before it said '" + prefix + "' (exit "
                + (process.isAlive() ? "none yet" : process.exitValue()) + ")");
    }

    @Override
    public void close() throws InterruptedException {
        commands.close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    public static void main(String[] args) throws IOException {
        // The protocol has standard output to itself: anything the database prints goes to the error log,
        // so that no unread output can fill the pipe and stall the server.
        java.io.PrintStream protocol = System.out;
        System.setOut(System.err);
        try (Neo4j server = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build()) {
            protocol.println("bolt " + server.boltURI());
            protocol.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("clear")) {
                    server.defaultDatabaseService()
                            .executeTransactionally("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS");
                    protocol.println("cleared");
                    protocol.flush();
                }
            }
        }
    }
}
