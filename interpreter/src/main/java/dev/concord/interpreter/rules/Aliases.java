package dev.concord.interpreter.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.interpreter.InterpreterException;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Other words for seed-graph entities ({@code entity_aliases.json}: demonyms, plurals, party members). */
final class Aliases {
    private static final String RESOURCE = "/dev/concord/interpreter/entity_aliases.json";
    private static volatile Map<String, String> shipped;

    private Aliases() {
    }

    static Map<String, String> shipped() {
        Map<String, String> s = shipped;
        if (s == null) {
            try (InputStream in = Aliases.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new InterpreterException("expected the resource " + RESOURCE + " on the class path but found none");
                }
                JsonNode root = new ObjectMapper().readTree(in);
                Map<String, String> m = new HashMap<>();
                root.path("aliases").fields().forEachRemaining(e -> m.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
                s = Map.copyOf(m);
                shipped = s;
            } catch (IOException e) {
                throw new InterpreterException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
            }
        }
        return s;
    }
}
