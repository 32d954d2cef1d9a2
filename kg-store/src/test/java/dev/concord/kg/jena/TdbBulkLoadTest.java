package dev.concord.kg.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.kg.ChangeSet;
import dev.concord.kg.ImportReport;
import dev.concord.kg.Importers;
import dev.concord.kg.Iris;
import dev.concord.kg.KgException;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.KnowledgeGraphs;
import dev.concord.kg.RdfFormat;
import dev.concord.kg.Revision;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large additions to TDB2 go through Jena's bulk loader ({@link TdbBulkLoad}) and must leave the
 * store exactly as the transactional path would: the same facts, labels, declarations and
 * revisions, a revision counter that goes on from there, and nothing at all after bad input.
 */
class TdbBulkLoadTest {
    private static final int SIZE = TdbBulkLoad.MIN_FACTS + 5_000;

    @TempDir
    Path dir;

    private static List<Triple> generated(int n, long seed) {
        Random rnd = new Random(seed);
        List<Triple> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Triple.of("G" + rnd.nextInt(3_000), "grel" + rnd.nextInt(5), "G" + rnd.nextInt(3_000)));
        }
        return out;
    }

    private static long labelCount(KnowledgeGraph kg, String entity) {
        var rows = kg.sparql().select("SELECT (COUNT(*) AS ?n) WHERE { <" + Iris.entity(entity)
                + "> <http://www.w3.org/2000/01/rdf-schema#label> ?l }", null).rows();
        return Long.parseLong(rows.get(0).get("n").replaceAll("^\"?(\\d+).*$", "$1"));
    }

    @Test
    void aLargeAdditionKeepsRevisionsLabelsAndTheCounter() {
        Path store = dir.resolve("tdb2");
        List<Triple> input = generated(SIZE, 1);
        Triple before = input.get(10);
        List<Revision> made;
        try (KnowledgeGraph kg = KnowledgeGraphs.tdb2(store)) {
            kg.apply(ChangeSet.adding(before), "alice");
            kg.setLabel(before.subject(), "A custom label");
            made = kg.bulkAdd(input.iterator(), "bulk", 10_000);

            Set<Triple> expectedNew = new LinkedHashSet<>(input);
            expectedNew.remove(before);
            List<Triple> added = new ArrayList<>();
            made.forEach(r -> added.addAll(r.changes().added()));
            assertEquals(new ArrayList<>(expectedNew), added, "the new facts, each once, in input order");
            assertEquals(List.of(2L, 3L, 4L), made.stream().map(Revision::number).toList());
            assertEquals(4, kg.currentRevision());
            assertEquals(expectedNew.size() + 1, kg.size());
            assertEquals(4, kg.history().size());
            assertEquals(added.subList(10_000, 20_000), kg.revision(3).orElseThrow().changes().added(),
                    "a stored revision reads back its batch");
            assertEquals("bulk", kg.revision(3).orElseThrow().author());

            assertEquals("A custom label", kg.label(before.subject()), "an existing label is kept");
            assertEquals(1, labelCount(kg, before.subject()), "and not doubled");
            Triple later = added.get(added.size() - 1);
            assertEquals(1, labelCount(kg, later.subject()), "a new entity gets its label");
            assertTrue(kg.relation("grel3").isPresent(), "a new relation is declared");
            assertTrue(kg.contains(later));

            // The counter goes on from the load, and reverting a bulk revision removes exactly its facts.
            Revision next = kg.apply(ChangeSet.adding(Triple.of("Next", "grel0", "Thing")), "bob");
            assertEquals(5, next.number());
            Revision undo = kg.revert(4, "carol");
            assertEquals(6, undo.number());
            assertEquals(expectedNew.size() + 2 - made.get(2).changes().added().size(), kg.size());
            assertFalse(kg.contains(later));
            assertTrue(kg.contains(added.get(0)));
        }
        try (KnowledgeGraph kg = KnowledgeGraphs.tdb2(store)) {
            assertEquals(6, kg.currentRevision(), "the counter survives a restart");
            assertEquals(made.get(0).changes(), kg.revision(2).orElseThrow().changes());
            var counters = kg.sparql().select("SELECT ?n WHERE { GRAPH ?g { <" + Iris.REVISION
                    + "> ?p ?n FILTER(STRENDS(STR(?p), 'currentRevision')) } }", null).rows();
            assertEquals(1, counters.size(), "one counter value once a commit followed the load: " + counters);
        }
    }

    /** The same N-Triples imported through the loader and through one write transaction. */
    @Test
    void parsedImportMatchesTheTransactionalPath() {
        StringBuilder nt = new StringBuilder();
        Random rnd = new Random(7);
        for (int i = 0; i < SIZE; i++) {
            String s = switch (i % 50) {
                case 0 -> "A%2Fb" + rnd.nextInt(100);     // percent-encoded, as the store writes it
                case 1 -> "Dots%2fx" + rnd.nextInt(100);  // lower-case escape: normalised to %2F
                default -> "N" + rnd.nextInt(4_000);
            };
            String object = switch (i % 7) {
                case 0 -> "\"" + rnd.nextInt(1_000) + "\"^^<http://www.w3.org/2001/XMLSchema#integer>";
                case 1 -> "\"word " + rnd.nextInt(1_000) + "\"@en";
                default -> "<" + Iris.ENTITY + "N" + rnd.nextInt(4_000) + ">";
            };
            nt.append('<').append(Iris.ENTITY).append(s).append("> <").append(Iris.RELATION).append("nrel")
                    .append(rnd.nextInt(4)).append("> ").append(object).append(" .\n");
        }
        byte[] bytes = nt.toString().getBytes(StandardCharsets.UTF_8);
        try (KnowledgeGraph bulk = KnowledgeGraphs.tdb2(dir.resolve("bulk"));
             KnowledgeGraph txn = KnowledgeGraphs.tdb2(dir.resolve("txn"))) {
            txn.apply(ChangeSet.adding(Triple.of("Seed", "nrel0", "Thing")), "seed");
            bulk.apply(ChangeSet.adding(Triple.of("Seed", "nrel0", "Thing")), "seed");
            ImportReport a = Importers.rdf(bulk, new ByteArrayInputStream(bytes), RdfFormat.NTRIPLES, "a.nt", "imp");
            ImportReport[] b = new ImportReport[1];
            // Inside a write transaction the loader cannot run: this is the ordinary path.
            txn.executeWrite(() -> b[0] = Importers.rdf(txn, new ByteArrayInputStream(bytes), RdfFormat.NTRIPLES, "b.nt", "imp"));
            assertEquals(b[0].imported(), a.imported());
            assertEquals(b[0].duplicates(), a.duplicates());
            assertTrue(a.imported() > TdbBulkLoad.MIN_FACTS, "enough new facts for the loader: " + a.imported());
            assertEquals(new HashSet<>(txn.match(null, null, null)), new HashSet<>(bulk.match(null, null, null)));
            assertEquals(txn.size(), bulk.size());
            assertEquals(txn.currentRevision(), bulk.currentRevision());
            for (String e : List.of("A/b1", "Dots/x2", "N17", "N3999")) {
                assertEquals(txn.label(e), bulk.label(e), e);
                assertEquals(labelCount(txn, e), labelCount(bulk, e), e);
            }
            assertTrue(bulk.match(null, null, null).stream().anyMatch(t -> t.subject().equals("Dots/x5")),
                    "a lower-case escape reads back as the name it stands for");
            assertTrue(bulk.match(null, null, null).stream().anyMatch(t -> t.object() instanceof Term.Literal l
                    && l.lexical().startsWith("word ")), "language-tagged literals are kept as strings");
        }
    }

    @Test
    void badInputAndAFailedLoadChangeNothing() {
        StringBuilder nt = new StringBuilder();
        for (Triple t : generated(SIZE, 3)) {
            nt.append('<').append(Iris.entity(t.subject())).append("> <").append(Iris.relation(t.relation())).append("> <")
                    .append(Iris.entity(((Term.Entity) t.object()).name())).append("> .\n");
        }
        try (KnowledgeGraph kg = KnowledgeGraphs.tdb2(dir.resolve("bad"))) {
            kg.apply(ChangeSet.adding(Triple.of("Seed", "grel0", "Thing")), "seed");
            byte[] broken = (nt + "<" + Iris.ENTITY + "X> <" + Iris.RELATION + "grel0> \"unterminated .\n").getBytes(StandardCharsets.UTF_8);
            assertThrows(KgException.class, () -> Importers.rdf(kg, new ByteArrayInputStream(broken), RdfFormat.NTRIPLES, "x.nt", "imp"));
            assertEquals(1, kg.currentRevision());
            assertEquals(1, kg.size());
            // a name the store cannot hold, in the middle of a long file: refused while the parser
            // thread is still reading ahead, which then stops
            String[] lines = nt.toString().split("\n");
            StringBuilder badName = new StringBuilder();
            for (int i = 0; i < lines.length; i++) {
                badName.append(lines[i]).append('\n');
                if (i == lines.length / 2) {
                    badName.append('<').append(Iris.ENTITY).append("N".repeat(500)).append("> <").append(Iris.RELATION)
                            .append("grel0> <").append(Iris.ENTITY).append("Thing> .\n");
                }
            }
            KgException tooLong = assertThrows(KgException.class, () -> Importers.rdf(kg,
                    new ByteArrayInputStream(badName.toString().getBytes(StandardCharsets.UTF_8)), RdfFormat.NTRIPLES, "y.nt", "imp"));
            assertTrue(tooLong.getMessage().contains("at most"), tooLong.getMessage());
            assertEquals(1, kg.currentRevision());
            assertEquals(1, kg.size());

            String previous = System.getProperty("concord.kg.loader");
            System.setProperty("concord.kg.loader", "no-such-loader");
            try {
                KgException e = assertThrows(KgException.class, () -> kg.bulkAdd(generated(SIZE, 3).iterator(), "imp", 10_000));
                assertTrue(e.getMessage().contains("concord.kg.loader"), e.getMessage());
            } finally {
                if (previous == null) {
                    System.clearProperty("concord.kg.loader");
                } else {
                    System.setProperty("concord.kg.loader", previous);
                }
            }
            assertEquals(1, kg.currentRevision(), "a load that could not start wrote nothing");
            assertEquals(1, kg.size());
            // And the store still takes writes.
            assertEquals(2, kg.apply(ChangeSet.adding(Triple.of("After", "grel0", "Thing")), "seed").number());
        }
    }
}
