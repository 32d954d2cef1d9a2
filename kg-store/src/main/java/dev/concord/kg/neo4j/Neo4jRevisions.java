package dev.concord.kg.neo4j;

import static dev.concord.kg.neo4j.Neo4jTransactions.run;

import dev.concord.kg.ChangeSet;
import dev.concord.kg.Revision;
import dev.concord.kg.jena.NTriplesText;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

/**
 * Revisions in Neo4j: {@code (:Revision {number, time, author, added, removed})} with a
 * {@code (:RevisionCounter)} node whose update serialises revision numbers across processes.
 */
final class Neo4jRevisions extends Neo4jPart {
    Neo4jRevisions(Neo4jTransactions txs) {
        super(txs);
    }

    Revision record(TransactionContext tx, ChangeSet effective, String author) {
        Instant time = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // Setting a property first takes the counter's write lock, so the read below cannot race.
        long number = run(tx, "MERGE (c:RevisionCounter {id: 'main'}) SET c.locked = true "
                        + "SET c.current = coalesce(c.current, 0) + 1 REMOVE c.locked "
                        + "CREATE (r:Revision {number: c.current, time: datetime({epochMillis: $ms}), author: $author, "
                        + "added: $added, removed: $removed}) RETURN c.current AS n",
                Map.of("ms", time.toEpochMilli(), "author", author, "added", NTriplesText.write(effective.added()),
                        "removed", NTriplesText.write(effective.removed()))).single().get("n").asLong();
        return new Revision(number, time, author, effective);
    }

    long currentRevision() {
        return read(tx -> {
            List<Record> r = run(tx, "MATCH (c:RevisionCounter {id: 'main'}) RETURN c.current AS n", Map.of()).list();
            return r.isEmpty() ? 0L : r.get(0).get("n").asLong();
        });
    }

    private static Revision toRevision(Record rec) {
        Value r = rec.get("r");
        return new Revision(r.get("number").asLong(), Instant.ofEpochMilli(rec.get("ms").asLong()),
                r.get("author").asString(),
                new ChangeSet(NTriplesText.read(r.get("added").asString()), NTriplesText.read(r.get("removed").asString())));
    }

    List<Revision> history() {
        return read(tx -> run(tx, "MATCH (r:Revision) RETURN r, r.time.epochMillis AS ms ORDER BY r.number", Map.of())
                .list(Neo4jRevisions::toRevision));
    }

    Optional<Revision> revision(long number) {
        return read(tx -> run(tx, "MATCH (r:Revision {number: $n}) RETURN r, r.time.epochMillis AS ms", Map.of("n", number))
                .list(Neo4jRevisions::toRevision).stream().findFirst());
    }
}
