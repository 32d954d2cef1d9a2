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
}
