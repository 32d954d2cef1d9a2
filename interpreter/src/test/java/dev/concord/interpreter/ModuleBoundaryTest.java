package dev.concord.interpreter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The interpreter is a plain library: it links through the Lexicon port and knows no other module or framework. */
class ModuleBoundaryTest {

    private static final List<String> FORBIDDEN = List.of("import dev.concord.kg", "import dev.concord.editor",
            "import dev.concord.controller", "import dev.concord.web", "import io.quarkus", "import jakarta.", "import io.quarkiverse");

    @Test
    void mainCodeImportsNoOtherModuleAndNoFramework() throws IOException {
        Path root = Path.of("src/main/java/dev/concord/interpreter");
        assertTrue(Files.isDirectory(root), "run from the module folder: " + root.toAbsolutePath());
        List<String> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream().filter(l -> FORBIDDEN.stream().anyMatch(l::startsWith)).map(l -> p + ": " + l);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void implementationsLiveInSubPackagesAndTheRootHoldsTheApi() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/concord/interpreter"))) {
            List<String> rootTypes = files.filter(p -> p.toString().endsWith(".java")).map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("InMemoryLexicon.java", "Intent.java", "Interpretation.java", "Interpreter.java", "InterpreterConfig.java",
                    "InterpreterException.java", "Interpreters.java", "Lexicon.java", "ParsedTriple.java"), rootTypes);
        }
    }
}
