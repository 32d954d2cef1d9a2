package dev.concord.kg.cli;

import dev.concord.kg.ImportReport;
import dev.concord.kg.Importers;
import dev.concord.kg.Iris;
import dev.concord.kg.KgException;
import dev.concord.kg.KgStats;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.KnowledgeGraphs;
import dev.concord.kg.RdfFormat;
import dev.concord.kg.Seeds;
import dev.concord.kg.SparqlEndpoint;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./concord kg ...}: import, export, query and describe the knowledge graph store.
 * Errors print one line and exit with status 2; nothing prints a stack trace.
 */
@Command(name = "concord kg", mixinStandardHelpOptions = true,
        description = "Knowledge graph store: import, export, SPARQL query and statistics.",
        subcommands = {KgCli.ImportCommand.class, KgCli.ExportCommand.class, KgCli.QueryCommand.class,
                KgCli.StatsCommand.class})
public final class KgCli implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: one-line errors with exit code 2. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new KgCli());
        cl.setExpandAtFiles(false); // "@file" is the query command's own syntax
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            String message = ex instanceof KgException || ex instanceof UncheckedIOException
                    ? ex.getMessage() : ex.getClass().getSimpleName() + ": " + ex.getMessage();
            cmd.getErr().println("concord kg: " + message);
            cmd.getErr().flush();
            return 2;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the store is and which backend holds it. */
    static final class StoreOptions {
        @Option(names = "--store", paramLabel = "DIR",
                description = "TDB2 directory (default: $CONCORD_DATA_DIR/kg, or ./data/kg).")
        Path store;

        @Option(names = "--backend", defaultValue = "tdb2", paramLabel = "tdb2|neo4j",
                description = "Storage backend (default: ${DEFAULT-VALUE}).")
        String backend;

        @Option(names = "--neo4j-uri", defaultValue = "bolt://localhost:7687", description = "Neo4j Bolt URI (default: ${DEFAULT-VALUE}).")
        String neo4jUri;

        @Option(names = "--neo4j-user", defaultValue = "neo4j", description = "Neo4j user (default: ${DEFAULT-VALUE}).")
        String neo4jUser;

        @Option(names = "--neo4j-password", defaultValue = "${env:CONCORD_NEO4J_PASSWORD}",
                description = "Neo4j password (default: $CONCORD_NEO4J_PASSWORD).")
        String neo4jPassword;

        @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS",
                description = "SPARQL timeout in seconds (default: ${DEFAULT-VALUE}).")
        double timeoutSeconds;

        Duration timeout() {
            if (!(timeoutSeconds > 0)) {
                throw new KgException("--timeout must be a positive number of seconds, found " + timeoutSeconds);
            }
            return Duration.ofMillis((long) (timeoutSeconds * 1000));
        }

        Path storeDir() {
            if (store != null) {
                return store;
            }
            String data = System.getenv("CONCORD_DATA_DIR");
            return Path.of(data == null || data.isBlank() ? "data" : data, "kg");
        }

        /** Opens the store; {@code create} allows a missing TDB2 directory (imports create the store). */
        KnowledgeGraph open(boolean create) {
            if (!create && backend.equalsIgnoreCase("tdb2") && !Files.isDirectory(storeDir())) {
                throw new KgException("no knowledge graph store at " + storeDir()
                        + "; create one with ./concord kg import --seed, or give --store");
            }
            return open();
        }

        KnowledgeGraph open() {
            return switch (backend.toLowerCase(Locale.ROOT)) {
                case "tdb2" -> KnowledgeGraphs.tdb2(storeDir(), timeout());
                case "neo4j" -> KnowledgeGraphs.neo4j(neo4jUri, neo4jUser, neo4jPassword, null, timeout());
                default -> throw new KgException("expected --backend tdb2 or neo4j, found '" + backend + "'");
            };
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import a file (or the shipped seed data with --seed) into the store.")
    static final class ImportCommand implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        StoreOptions store;

        @Option(names = "--format", paramLabel = "FORMAT",
                description = "oneedit-csv, yago-csv, relation-library, phrasings, ntriples or turtle (default: from the file name and header).")
        String format;

        @Option(names = "--seed", description = "Import the shipped seed data (relation library, phrasings, kg.csv, kg2.csv).")
        boolean seed;

        @Option(names = "--author", defaultValue = "cli", description = "Author recorded in the revision (default: ${DEFAULT-VALUE}).")
        String author;

        @Parameters(arity = "0..1", paramLabel = "FILE", description = "The file to import.")
        Path file;

        @Override
        public Integer call() {
            if (file == null && !seed) {
                throw new KgException("expected a FILE to import or --seed, found neither");
            }
            if (file != null && !Files.isRegularFile(file)) {
                throw new KgException("file not found: " + file);
            }
            PrintWriter out = spec.commandLine().getOut();
            try (KnowledgeGraph kg = store.open(true)) {
                List<ImportReport> reports = new ArrayList<>();
                if (seed) {
                    reports.addAll(Seeds.importDefaults(kg));
                }
                if (file != null) {
                    reports.add(Importers.importFile(kg, file, format == null ? detect(file) : format, author));
                }
                reports.forEach(r -> out.println(r.details()));
                // No count here: counting a large store takes seconds (`concord kg stats` does it).
                out.println("store now at revision " + kg.currentRevision() + " (`concord kg stats` counts its triples)");
            }
            out.flush();
            return 0;
        }

        static String detect(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".nt")) {
                return "ntriples";
            }
            if (name.endsWith(".ttl")) {
                return "turtle";
            }
            if (name.endsWith(".json")) {
                return name.contains("phrasing") ? "phrasings" : "relation-library";
            }
            if (name.endsWith(".csv")) {
                try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
                    String header = lines.findFirst().orElse("").toLowerCase(Locale.ROOT);
                    return header.startsWith("head,relationship,tail") ? "yago-csv" : "oneedit-csv";
                } catch (IOException | UncheckedIOException e) {
                    throw new KgException("cannot read " + file + ": " + e.getMessage());
                }
            }
            throw new KgException("cannot tell the format of " + file + " from its name; give --format");
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Export facts, labels, schema and qualifiers as N-Triples or Turtle.")
    static final class ExportCommand implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        StoreOptions store;

        @Option(names = "--format", defaultValue = "turtle", paramLabel = "ntriples|turtle",
                description = "Output format (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
        Path output;

        @Override
        public Integer call() throws IOException {
            RdfFormat f = RdfFormat.parse(format);
            try (KnowledgeGraph kg = store.open(false)) {
                if (output != null) {
                    long n;
                    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(output))) {
                        n = Importers.export(kg, os, f);
                    } catch (NoSuchFileException e) {
                        throw new KgException("cannot write " + output + ": its folder does not exist");
                    }
                    spec.commandLine().getErr().println("wrote " + n + " statements to " + output);
                } else {
                    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                    Importers.export(kg, buffer, f);
                    spec.commandLine().getOut().print(buffer.toString(StandardCharsets.UTF_8));
                }
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "query", mixinStandardHelpOptions = true,
            description = "Run a read-only SPARQL query (text, or @file). Prefixes e:, r:, concord:, rdf:, rdfs:, owl:, skos:, xsd: are predeclared.")
    static final class QueryCommand implements Callable<Integer> {
        private static final Map<String, String> MEDIA = Map.of(
                "json", "application/sparql-results+json", "xml", "application/sparql-results+xml",
                "csv", "text/csv", "tsv", "text/tab-separated-values", "turtle", "text/turtle",
                "ntriples", "application/n-triples", "jsonld", "application/ld+json");

        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        StoreOptions store;

        @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
                description = "table, json, xml, csv, tsv (SELECT/ASK); turtle, ntriples, jsonld (CONSTRUCT/DESCRIBE). Default: ${DEFAULT-VALUE}.")
        String format;

        @Parameters(paramLabel = "QUERY", description = "SPARQL text, or @FILE to read it from a file.")
        String query;

        @Override
        public Integer call() throws IOException {
            String text = query;
            if (text.startsWith("@")) {
                Path p = Path.of(text.substring(1));
                if (!Files.isRegularFile(p)) {
                    throw new KgException("query file not found: " + p);
                }
                text = Files.readString(p);
            }
            PrintWriter out = spec.commandLine().getOut();
            String f = format.toLowerCase(Locale.ROOT);
            try (KnowledgeGraph kg = store.open(false)) {
                SparqlEndpoint sparql = kg.sparql();
                if (f.equals("table")) {
                    var q = dev.concord.kg.jena.JenaSparqlEndpoint.parse(text);
                    if (q.isSelectType() || q.isAskType()) {
                        printTable(out, sparql.select(text, null));
                    } else {
                        out.print(execute(sparql, text, "text/turtle"));
                    }
                } else {
                    String media = MEDIA.get(f);
                    if (media == null) {
                        throw new KgException("expected --format table, json, xml, csv, tsv, turtle, ntriples or jsonld, found '" + format + "'");
                    }
                    out.print(execute(sparql, text, media));
                }
            }
            out.flush();
            return 0;
        }

        private static String execute(SparqlEndpoint sparql, String text, String media) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            sparql.execute(text, media, null, buffer);
            return buffer.toString(StandardCharsets.UTF_8);
        }

        private static String shorten(String value) {
            if (value == null) {
                return "";
            }
            for (Map.Entry<String, String> p : Map.of("e:", Iris.ENTITY, "r:", Iris.RELATION, "concord:", Iris.SCHEMA,
                    "rdfs:", Iris.RDFS, "owl:", Iris.OWL, "skos:", Iris.SKOS, "rdf:", Iris.RDF).entrySet()) {
                String iri = "<" + p.getValue();
                if (value.startsWith(iri) && value.endsWith(">")) {
                    return p.getKey() + value.substring(iri.length(), value.length() - 1);
                }
            }
            return value;
        }

        static void printTable(PrintWriter out, SparqlEndpoint.SelectResult r) {
            List<String> vars = r.variables();
            int[] width = new int[vars.size()];
            List<String[]> cells = new ArrayList<>();
            for (int i = 0; i < vars.size(); i++) {
                width[i] = vars.get(i).length();
            }
            for (Map<String, String> row : r.rows()) {
                String[] c = new String[vars.size()];
                for (int i = 0; i < vars.size(); i++) {
                    c[i] = shorten(row.get(vars.get(i)));
                    width[i] = Math.max(width[i], c[i].length());
                }
                cells.add(c);
            }
            StringBuilder header = new StringBuilder();
            StringBuilder rule = new StringBuilder();
            for (int i = 0; i < vars.size(); i++) {
                header.append(i == 0 ? "" : " | ").append(pad(vars.get(i), width[i]));
                rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
            }
            out.println(header.toString().stripTrailing());
            out.println(rule);
            for (String[] c : cells) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < c.length; i++) {
                    line.append(i == 0 ? "" : " | ").append(pad(c[i], width[i]));
                }
                out.println(line.toString().stripTrailing());
            }
            out.println("(" + cells.size() + (cells.size() == 1 ? " row)" : " rows)"));
        }

        private static String pad(String s, int w) {
            return s + " ".repeat(Math.max(0, w - s.length()));
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true, description = "Print counts of triples, entities, relations and the revision.")
    static final class StatsCommand implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            try (KnowledgeGraph kg = store.open(false)) {
                KgStats s = kg.stats();
                PrintWriter out = spec.commandLine().getOut();
                out.println("triples:   " + s.triples());
                out.println("entities:  " + s.entities());
                out.println("relations: " + s.relations());
                out.println("revision:  " + s.revision());
                out.flush();
            }
            return 0;
        }
    }
}
