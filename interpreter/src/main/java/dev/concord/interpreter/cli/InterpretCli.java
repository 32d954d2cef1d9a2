package dev.concord.interpreter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.concord.interpreter.InMemoryLexicon;
import dev.concord.interpreter.Interpretation;
import dev.concord.interpreter.Interpreter;
import dev.concord.interpreter.InterpreterConfig;
import dev.concord.interpreter.InterpreterException;
import dev.concord.interpreter.Interpreters;
import dev.concord.interpreter.Lexicon;
import dev.concord.interpreter.ParsedTriple;
import dev.concord.interpreter.eval.Evaluation;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./concord interpret "text"}: prints the interpretation as JSON; with no text, interprets
 * each line of standard input (one JSON object per line); {@code --eval [FILE]} prints the
 * accuracy table of the evaluation set and its misses.
 */
@Command(name = "interpret", mixinStandardHelpOptions = true, version = "concord interpret 0.1.0",
        description = {"Turns text into an intent (EDIT, QUERY, RETRACT, UNKNOWN) and triples in the graph's local names.",
                "With no TEXT, reads one text per line from standard input."})
public final class InterpretCli implements Callable<Integer> {

    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "the text to interpret (words are joined by spaces)")
    List<String> words = new ArrayList<>();

    @Option(names = "--eval", arity = "0..1", paramLabel = "FILE", fallbackValue = "",
            description = "score the interpreter on an evaluation set (JSON Lines; default: the module's eval.jsonl)")
    String evalFile;

    @Option(names = "--kg-csv", paramLabel = "FILE", description = "OneEdit head,relation,tail CSV to build the lexicon from (repeatable; default: the bundled kg.csv and kg2.csv)")
    List<Path> kgCsv = new ArrayList<>();

    @Option(names = "--library", paramLabel = "FILE", description = "OneEdit relationship_library.json (default: the bundled one when no --kg-csv is given)")
    Path library;

    @Option(names = "--llm-url", paramLabel = "URL", description = "OpenAI-compatible base URL (e.g. http://localhost:11434/v1); default CONCORD_LLM_BASE_URL; none: rules only")
    String llmUrl;

    @Option(names = "--llm-model", paramLabel = "NAME", description = "model name; default CONCORD_LLM_MODEL")
    String llmModel;

    @Option(names = "--llm-timeout", paramLabel = "SECONDS", description = "seconds to wait for the model; default CONCORD_LLM_TIMEOUT_SECONDS or 10")
    Double llmTimeout;

    @Option(names = "--rules", description = "use the offline rules even when an LLM is configured")
    boolean rulesOnly;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final ObjectMapper json = new ObjectMapper();

    public static void main(String[] args) {
        // the OpenAI client logs through SLF4J; a command-line run has no logging backend and needs no warning about it
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        CommandLine cmd = new CommandLine(new InterpretCli());
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("interpret: " + e.getMessage());
            return 2;
        });
        System.exit(cmd.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Lexicon lexicon = lexicon();
        Interpreter interpreter = Interpreters.create(config(), lexicon);
        try {
            if (evalFile != null) {
                Path file = evalFile.isEmpty() ? Evaluation.defaultFile() : Path.of(evalFile);
                if (!Files.isRegularFile(file)) {
                    throw new InterpreterException("expected an evaluation file at " + file + " but found none");
                }
                out.print(Evaluation.run(interpreter, Evaluation.read(file)).format());
                out.flush();
                return 0;
            }
            if (!words.isEmpty()) {
                out.println(toJson(interpreter.interpret(String.join(" ", words))));
                out.flush();
                return 0;
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    out.println(toJson(interpreter.interpret(line)));
                    out.flush();
                }
            }
            return 0;
        } finally {
            if (interpreter instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    private Lexicon lexicon() {
        if (kgCsv.isEmpty() && library == null) {
            return InMemoryLexicon.bundled();
        }
        for (Path p : kgCsv) {
            if (!Files.isRegularFile(p)) {
                throw new InterpreterException("expected a knowledge-graph CSV at " + p + " but found none");
            }
        }
        if (library != null && !Files.isRegularFile(library)) {
            throw new InterpreterException("expected a relation library at " + library + " but found none");
        }
        return InMemoryLexicon.fromOneEdit(kgCsv, library);
    }

    private InterpreterConfig config() {
        if (rulesOnly) {
            return InterpreterConfig.rulesOnly();
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        if (llmUrl != null) {
            env.put("CONCORD_LLM_BASE_URL", llmUrl);
        }
        if (llmModel != null) {
            env.put("CONCORD_LLM_MODEL", llmModel);
        }
        InterpreterConfig base = InterpreterConfig.fromEnvironment(env);
        if (llmTimeout != null) {
            return new InterpreterConfig(base.baseUrl(), base.apiKey(), base.modelName(), Duration.ofMillis(Math.round(llmTimeout * 1000)));
        }
        return base;
    }

    /** {"intent", "triples": [{"subject", "relation", "object", "literal"}], "interpreter", "note"} */
    String toJson(Interpretation i) throws Exception {
        ObjectNode root = json.createObjectNode();
        root.put("intent", i.intent().name());
        ArrayNode triples = root.putArray("triples");
        for (ParsedTriple t : i.triples()) {
            ObjectNode node = triples.addObject();
            node.put("subject", t.subject());
            node.put("relation", t.relation());
            node.put("object", t.object());
            if (t.literal()) {
                node.put("literal", true);
            }
        }
        root.put("interpreter", i.interpreter());
        if (i.note() != null) {
            root.put("note", i.note());
        }
        return json.writeValueAsString(root);
    }
}
