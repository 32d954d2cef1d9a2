package dev.concord.interpreter;

import java.time.Duration;
import java.util.Map;

/**
 * How to build the interpreter ({@link Interpreters#create}): with no base URL, the offline
 * rules; with one, the LLM interpreter on that OpenAI-compatible endpoint (OpenAI itself, or
 * Ollama at {@code http://localhost:11434/v1}), falling back to the rules on any failure.
 *
 * @param baseUrl   the endpoint's base URL (".../v1"), or null/blank for rules only
 * @param apiKey    the API key; blank for servers that need none (Ollama)
 * @param modelName the model to ask (required with a base URL)
 * @param timeout   how long one interpretation may wait for the model (default 10 s)
 */
public record InterpreterConfig(String baseUrl, String apiKey, String modelName, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public InterpreterConfig {
        baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.trim();
        apiKey = apiKey == null ? "" : apiKey.trim();
        modelName = modelName == null ? "" : modelName.trim();
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InterpreterException("expected a positive LLM timeout but found " + timeout);
        }
        if (baseUrl != null && !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
            throw new InterpreterException("expected the LLM base URL to start with http:// or https:// but found '" + baseUrl + "'");
        }
        if (baseUrl != null && modelName.isEmpty()) {
            throw new InterpreterException("expected a model name with the LLM base URL " + baseUrl + " but found none");
        }
    }

    /** The offline rules only. */
    public static InterpreterConfig rulesOnly() {
        return new InterpreterConfig(null, null, null, null);
    }

    /**
     * Reads {@code CONCORD_LLM_BASE_URL}, {@code CONCORD_LLM_API_KEY}, {@code CONCORD_LLM_MODEL} and
     * {@code CONCORD_LLM_TIMEOUT_SECONDS} from the given environment (for example {@code System.getenv()}).
     */
    public static InterpreterConfig fromEnvironment(Map<String, String> env) {
        String seconds = env.get("CONCORD_LLM_TIMEOUT_SECONDS");
        Duration timeout = null;
        if (seconds != null && !seconds.isBlank()) {
            try {
                timeout = Duration.ofMillis(Math.round(Double.parseDouble(seconds.trim()) * 1000));
            } catch (NumberFormatException e) {
                throw new InterpreterException("expected CONCORD_LLM_TIMEOUT_SECONDS to be a number of seconds but found '" + seconds + "'");
            }
        }
        return new InterpreterConfig(env.get("CONCORD_LLM_BASE_URL"), env.get("CONCORD_LLM_API_KEY"), env.get("CONCORD_LLM_MODEL"), timeout);
    }

    public boolean llmEnabled() {
        return baseUrl != null;
    }

    @Override
    public String toString() {
        // never print the key
        return "InterpreterConfig[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isEmpty() ? "" : "***") + ", modelName=" + modelName
                + ", timeout=" + timeout + "]";
    }
}
