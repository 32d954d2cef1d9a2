package dev.concord.interpreter.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.interpreter.Intent;
import dev.concord.interpreter.Interpretation;
import dev.concord.interpreter.Interpreter;
import dev.concord.interpreter.InterpreterException;
import dev.concord.interpreter.ParsedTriple;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Scores an {@link Interpreter} on labelled sentences (JSON Lines: {@code text}, {@code intent},
 * {@code triples} as {@code [subject, relation, object]} arrays with null for the asked part,
 * {@code category}).
 *
 * <p>A case is an exact match when the intent is right and the set of triples is exactly the
 * expected set. Intent accuracy is counted per expected intent; exact-triple accuracy over the
 * cases that expect triples.
 */
public final class Evaluation {

    /** One case that was not an exact match, with what the interpreter said. */
    public record Miss(EvalCase expected, Interpretation actual) {
    }

    /** The figures of one run. */
    public record Report(int cases, int exact, Map<Intent, int[]> intentHits, int tripleCases, int tripleExact, List<Miss> misses) {

        public double exactMatch() {
            return cases == 0 ? 0 : (double) exact / cases;
        }

        public double tripleAccuracy() {
            return tripleCases == 0 ? 0 : (double) tripleExact / tripleCases;
        }

        /** Fraction of the cases expecting this intent that got it. */
        public double intentAccuracy(Intent intent) {
            int[] h = intentHits.get(intent);
            return h == null || h[1] == 0 ? 0 : (double) h[0] / h[1];
        }

        /** The accuracy table and the misses, as printed by the CLI. */
        public String format() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%-22s %8s %8s %9s%n", "measure", "correct", "cases", "accuracy"));
            for (Intent intent : Intent.values()) {
                int[] h = intentHits.getOrDefault(intent, new int[2]);
                sb.append(String.format(Locale.ROOT, "%-22s %8d %8d %8.1f%%%n", "intent " + intent, h[0], h[1],
                        h[1] == 0 ? 0.0 : 100.0 * h[0] / h[1]));
            }
            sb.append(String.format(Locale.ROOT, "%-22s %8d %8d %8.1f%%%n", "exact triples", tripleExact, tripleCases, 100 * tripleAccuracy()));
            sb.append(String.format(Locale.ROOT, "%-22s %8d %8d %8.1f%%%n", "exact match (all)", exact, cases, 100 * exactMatch()));
            if (!misses.isEmpty()) {
                sb.append(System.lineSeparator()).append("misses (").append(misses.size()).append("):").append(System.lineSeparator());
                for (Miss m : misses) {
                    sb.append("  [").append(m.expected().category()).append("] ").append(m.expected().text()).append(System.lineSeparator());
                    sb.append("      expected ").append(m.expected().intent()).append(' ').append(describe(m.expected().triples()))
                            .append(System.lineSeparator());
                    sb.append("      got      ").append(m.actual().intent()).append(' ').append(describeParsed(m.actual().triples()));
                    if (m.actual().note() != null) {
                        sb.append("  (").append(m.actual().note()).append(')');
                    }
                    sb.append(System.lineSeparator());
                }
            }
            return sb.toString();
        }
    }

    /** Where the evaluation set lives in the source tree, from the repository root and from the module folder. */
    public static final List<Path> DEFAULT_LOCATIONS = List.of(
            Path.of("interpreter/src/test/resources/dev/concord/interpreter/eval.jsonl"),
            Path.of("src/test/resources/dev/concord/interpreter/eval.jsonl"));

    private Evaluation() {
    }

    /** The evaluation set of the source tree, looked up from the working directory. */
    public static Path defaultFile() {
        for (Path p : DEFAULT_LOCATIONS) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new InterpreterException("expected the evaluation set at " + DEFAULT_LOCATIONS.get(0)
                + " (run from the repository root) or pass a file, but found none");
    }

    public static List<EvalCase> read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString());
        } catch (IOException e) {
            throw new InterpreterException("cannot read evaluation file " + file + ": " + e.getMessage(), e);
        }
    }

    public static List<EvalCase> read(Reader reader, String source) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<EvalCase> cases = new ArrayList<>();
        BufferedReader lines = new BufferedReader(reader);
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json.readTree(line);
            Intent intent;
            try {
                intent = Intent.valueOf(node.path("intent").asText());
            } catch (IllegalArgumentException e) {
                throw new InterpreterException(source + " line " + number + ": expected an intent (EDIT, QUERY, RETRACT, UNKNOWN) but found '"
                        + node.path("intent").asText() + "'");
            }
            List<EvalCase.Triple> triples = new ArrayList<>();
            for (JsonNode t : node.path("triples")) {
                if (!t.isArray() || t.size() != 3) {
                    throw new InterpreterException(source + " line " + number + ": expected a triple as [subject, relation, object] but found " + t);
                }
                triples.add(new EvalCase.Triple(text(t.get(0)), text(t.get(1)), text(t.get(2))));
            }
            cases.add(new EvalCase(node.path("text").asText(), intent, triples, node.path("category").asText("")));
        }
        return cases;
    }

    public static Report run(Interpreter interpreter, List<EvalCase> cases) {
        Map<Intent, int[]> hits = new EnumMap<>(Intent.class);
        int exact = 0;
        int tripleCases = 0;
        int tripleExact = 0;
        List<Miss> misses = new ArrayList<>();
        for (EvalCase c : cases) {
            Interpretation got = interpreter.interpret(c.text());
            int[] h = hits.computeIfAbsent(c.intent(), i -> new int[2]);
            h[1]++;
            if (got.intent() == c.intent()) {
                h[0]++;
            }
            boolean triplesMatch = asSet(got.triples()).equals(new HashSet<>(c.triples()));
            if (!c.triples().isEmpty()) {
                tripleCases++;
                if (triplesMatch) {
                    tripleExact++;
                }
            }
            if (got.intent() == c.intent() && triplesMatch) {
                exact++;
            } else {
                misses.add(new Miss(c, got));
            }
        }
        return new Report(cases.size(), exact, hits, tripleCases, tripleExact, List.copyOf(misses));
    }

    private static Set<EvalCase.Triple> asSet(List<ParsedTriple> triples) {
        Set<EvalCase.Triple> set = new HashSet<>();
        for (ParsedTriple t : triples) {
            set.add(new EvalCase.Triple(t.subject(), t.relation(), t.object()));
        }
        return set;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String describe(List<EvalCase.Triple> triples) {
        List<String> parts = new ArrayList<>();
        for (EvalCase.Triple t : triples) {
            parts.add("(" + t.subject() + ", " + t.relation() + ", " + t.object() + ")");
        }
        return String.join(" ", parts);
    }

    private static String describeParsed(List<ParsedTriple> triples) {
        List<String> parts = new ArrayList<>();
        for (ParsedTriple t : triples) {
            parts.add("(" + t.subject() + ", " + t.relation() + ", " + t.object() + ")");
        }
        return String.join(" ", parts);
    }
}
