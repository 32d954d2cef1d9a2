package dev.concord.kg.jena;

import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.KnowledgeGraphContractTest;
import dev.concord.kg.KnowledgeGraphs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a real on-disk TDB2 directory, closed and reopened for the persistence cases. */
class Tdb2KnowledgeGraphTest extends KnowledgeGraphContractTest {
    @TempDir
    Path dir;

    @Override
    protected KnowledgeGraph openFresh() {
        return KnowledgeGraphs.tdb2(dir.resolve("tdb2"));
    }

    @Override
    protected KnowledgeGraph reopen(KnowledgeGraph current) {
        current.close();
        if (!Files.exists(dir.resolve("tdb2").resolve("Data-0001"))) {
            throw new AssertionError("expected TDB2 files under " + dir.resolve("tdb2"));
        }
        return KnowledgeGraphs.tdb2(dir.resolve("tdb2"));
    }
}
