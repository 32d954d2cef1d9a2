package dev.concord.interpreter;

import dev.concord.interpreter.llm.LlmInterpreter;
import dev.concord.interpreter.rules.RuleInterpreter;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

/** Builds the configured interpreter. */
public final class Interpreters {

    private Interpreters() {
    }

    /**
     * The LLM interpreter (with the rules as its fallback) when the config has a base URL,
     * otherwise the rule interpreter. An LLM interpreter owns a worker thread: close it when done
     * ({@link LlmInterpreter#close()}).
     */
    public static Interpreter create(InterpreterConfig config, Lexicon lexicon) {
        if (!config.llmEnabled()) {
            return new RuleInterpreter(lexicon);
        }
        return new LlmInterpreter(openAiCompatible(config), config.modelName(), lexicon, config.timeout());
    }

    /** A LangChain4j chat model for an OpenAI-compatible endpoint, asked for schema-shaped JSON at temperature 0. */
    public static ChatModel openAiCompatible(InterpreterConfig config) {
        if (!config.llmEnabled()) {
            throw new InterpreterException("expected an LLM base URL in the interpreter config but found none");
        }
        return OpenAiChatModel.builder()
                .baseUrl(config.baseUrl())
                .apiKey(config.apiKey().isEmpty() ? "no-key" : config.apiKey())
                .modelName(config.modelName())
                .timeout(config.timeout())
                .maxRetries(0)
                .temperature(0.0)
                .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                .strictJsonSchema(true)
                .build();
    }

    /** The shared all-MiniLM-L6-v2 sentence encoder, loaded once; empty when it cannot be loaded. */
    public static java.util.Optional<SentenceEncoder> sentenceEncoder() {
        return dev.concord.interpreter.linking.MiniLmEncoder.shared();
    }

    /** Why the sentence encoder could not be loaded (null when it could, or was not tried yet). */
    public static String sentenceEncoderFailure() {
        return dev.concord.interpreter.linking.MiniLmEncoder.failure();
    }

    /** The offline rule interpreter (with the paraphrase linker). */
    public static Interpreter rules(Lexicon lexicon) {
        return new RuleInterpreter(lexicon);
    }

    /**
     * The rules first, then {@code model} for the sentences they leave UNKNOWN (see
     * {@link dev.concord.interpreter.llm.RulesThenModel}). Close it when done.
     */
    public static ClosableInterpreter rulesThenModel(Lexicon lexicon, ChatModel model, String modelName, java.time.Duration timeout) {
        dev.concord.interpreter.llm.RulesThenModel both = new dev.concord.interpreter.llm.RulesThenModel(
                new RuleInterpreter(lexicon), new LlmInterpreter(model, modelName, lexicon, timeout));
        return new ClosableInterpreter() {
            @Override
            public Interpretation interpret(String text) {
                return both.interpret(text);
            }

            @Override
            public void close() {
                both.close();
            }
        };
    }

    /** An interpreter that holds threads or models: close it when done. */
    public interface ClosableInterpreter extends Interpreter, AutoCloseable {
        @Override
        void close();
    }

    /** Exact-match accuracy (intent and triples) of an interpreter on an evaluation file (JSON Lines). */
    public static Score score(Interpreter interpreter, java.nio.file.Path evalFile) {
        java.util.List<dev.concord.interpreter.eval.EvalCase> cases = dev.concord.interpreter.eval.Evaluation.read(evalFile);
        dev.concord.interpreter.eval.Evaluation.Report r = dev.concord.interpreter.eval.Evaluation.run(interpreter, cases);
        return new Score(r.cases(), r.exact(), cases.stream().map(dev.concord.interpreter.eval.EvalCase::text).toList());
    }

    /** How many of an evaluation file's sentences an interpreter got exactly right, and the sentences. */
    public record Score(int cases, int exact, java.util.List<String> texts) {
        public double exactMatch() {
            return cases == 0 ? 0 : (double) exact / cases;
        }
    }
}
