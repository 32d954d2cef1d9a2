package dev.concord.interpreter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.interpreter.llm.LlmInterpreter;
import dev.concord.interpreter.rules.RuleInterpreter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpretersTest {

    private final Lexicon lexicon = InMemoryLexicon.builder().triple("Melania_Trump", "born_in", "Slovenia").build();

    @Test
    void withoutABaseUrlTheRulesInterpret() {
        assertInstanceOf(RuleInterpreter.class, Interpreters.create(InterpreterConfig.rulesOnly(), lexicon));
        assertInstanceOf(RuleInterpreter.class, Interpreters.create(InterpreterConfig.fromEnvironment(Map.of()), lexicon));
    }

    @Test
    void withABaseUrlTheLlmInterprets() {
        InterpreterConfig config = new InterpreterConfig("http://localhost:11434/v1", "", "llama3.2", Duration.ofSeconds(2));
        Interpreter interpreter = Interpreters.create(config, lexicon);
        assertInstanceOf(LlmInterpreter.class, interpreter);
        ((LlmInterpreter) interpreter).close();
    }

    @Test
    void readsTheEnvironmentAndNeverPrintsTheKey() {
        InterpreterConfig config = InterpreterConfig.fromEnvironment(Map.of("CONCORD_LLM_BASE_URL", "https://api.example/v1",
                "CONCORD_LLM_API_KEY", "sk-secret", "CONCORD_LLM_MODEL", "gpt-4o-mini", "CONCORD_LLM_TIMEOUT_SECONDS", "2.5"));
        assertTrue(config.llmEnabled());
        assertEquals(Duration.ofMillis(2500), config.timeout());
        assertFalse(config.toString().contains("sk-secret"));
        assertEquals(InterpreterConfig.DEFAULT_TIMEOUT, InterpreterConfig.rulesOnly().timeout());
    }

    @Test
    void rejectsAnUnusableConfiguration() {
        assertThrows(InterpreterException.class, () -> new InterpreterConfig("localhost:11434", "", "m", null));
        assertThrows(InterpreterException.class, () -> new InterpreterConfig("http://localhost:11434/v1", "", " ", null));
        assertThrows(InterpreterException.class, () -> new InterpreterConfig(null, null, null, Duration.ZERO));
        InterpreterException e = assertThrows(InterpreterException.class,
                () -> InterpreterConfig.fromEnvironment(Map.of("CONCORD_LLM_TIMEOUT_SECONDS", "soon")));
        assertTrue(e.getMessage().contains("'soon'"), e.getMessage());
    }
}
