package dev.concord.kg.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.kg.ChangeSet;
import dev.concord.kg.Iris;
import dev.concord.kg.KgException;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.KnowledgeGraphContractTest;
import dev.concord.kg.KnowledgeGraphs;
import dev.concord.kg.RelationInfo;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/** The contract against a real in-process Neo4j 5 (one server for the class, emptied before each test). */
class Neo4jKnowledgeGraphTest extends KnowledgeGraphContractTest {
    private static Neo4j server;

    @TempDir
    Path tmp;

    /** Where the SPARQL replica lives: in memory for most tests, TDB2 on disk where a test says so. */
    private Path replicaDir;

    @BeforeAll
    static void startServer() {
        server = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private KnowledgeGraph connect() {
        return KnowledgeGraphs.neo4j(server.boltURI().toString(), "neo4j", "unused", replicaDir);
    }

    @Override
    protected KnowledgeGraph openFresh() {
        server.defaultDatabaseService().executeTransactionally("MATCH (n) DETACH DELETE n");
        return connect();
    }

    @Override
    protected KnowledgeGraph reopen(KnowledgeGraph current) {
        current.close();
        return connect();
    }

    @Test
    void aSchemaSnapshotReadsTheSchemaOnceAndFollowsItsOwnWrites() {
        kg.putRelation(RelationInfo.plain("snap_a"));
        try (KnowledgeGraph other = connect()) {
            kg.withSchemaSnapshot(() -> {
                other.putRelation(RelationInfo.plain("snap_other"));
                assertTrue(kg.relation("snap_a").isPresent());
                assertTrue(kg.relation("snap_other").isEmpty(), "another writer's change waits for the next snapshot");
                kg.putRelation(RelationInfo.plain("snap_own"));
                assertTrue(kg.relation("snap_own").isPresent(), "its own schema write refreshes the snapshot");
                kg.apply(ChangeSet.adding(Triple.of("Snap_X", "snap_declared", "Snap_Y")), "alice");
                assertTrue(kg.relations().stream().anyMatch(r -> r.name().equals("snap_declared")),
                        "a relation an apply declared is seen");
                return null;
            });
            assertTrue(kg.relation("snap_other").isPresent(), "outside a snapshot, the schema as it is");
        }
    }

    @Test
    void relationNamesAreEscapedAsRelationshipTypes() {
        Triple odd = Triple.of("Ashanti_(singer)", "weird name-with.dots(and)spaces", "Glen_Cove,_New_York");
        kg.apply(ChangeSet.adding(odd), "alice");
        assertEquals(List.of(odd), kg.objects("Ashanti_(singer)", "weird_name-with.dots(and)spaces"));
        Long count = server.defaultDatabaseService().executeTransactionally(
                "MATCH (:Entity {name: 'Ashanti_(singer)'})-[r:`weird_name-with.dots(and)spaces`]->(:Entity) RETURN count(r) AS n",
                Map.of(), r -> (Long) r.next().get("n"));
        assertEquals(1L, count, "stored as a typed relationship");
    }

    @Test
    void literalsAreSharedNodesAndQualifiersAreRelationshipProperties() {
        Term.Literal year = Term.literal("1790", Term.XSD_GYEAR);
        kg.apply(ChangeSet.adding(new Triple("A", "founded", year), new Triple("B", "founded", year)), "alice");
        kg.qualify(new Triple("A", "founded", year), Map.of("source", Term.string("almanac")));
        Long literals = server.defaultDatabaseService().executeTransactionally(
                "MATCH (l:Literal {lexical: '1790'}) RETURN count(l) AS n", Map.of(), r -> (Long) r.next().get("n"));
        assertEquals(1L, literals);
        Object source = server.defaultDatabaseService().executeTransactionally(
                "MATCH (:Entity {name: 'A'})-[r:founded]->() RETURN r.`q:source` AS s", Map.of(), r -> r.next().get("s"));
        assertEquals("almanac", source);
    }

    @Test
    void theSparqlReplicaFollowsCommitsAndIsRebuiltOnOpen() {
        replicaDir = tmp.resolve("replica");
        kg = reopen(kg);
        Triple founded = new Triple("Washington_D.C.", "founded", Term.literal("1790", Term.XSD_GYEAR));
        kg.apply(ChangeSet.adding(Triple.of("Donald_Trump", "wife", "Melania_Trump"), founded), "alice");
        kg.qualify(founded, Map.of("source", Term.string("almanac")));
        String ask = Iris.prefixes() + "ASK { e:Donald_Trump r:wife e:Melania_Trump }";
        String qualified = Iris.prefixes() + "ASK { ?a rdf:reifies <<( <" + Iris.ENTITY + "Washington_D.C.> r:founded \"1790\"^^xsd:gYear )>> ; "
                + "concord:source \"almanac\" }";
        assertEquals("true", kg.sparql().select(ask, null).rows().get(0).get("boolean"));
        assertEquals("true", kg.sparql().select(qualified, null).rows().get(0).get("boolean"));
        assertThrows(IllegalStateException.class, () -> kg.executeWrite(() -> {
            kg.apply(ChangeSet.adding(Triple.of("Ghost", "wife", "Nobody")), "alice");
            throw new IllegalStateException("abort");
        }));
        String ghost = Iris.prefixes() + "ASK { e:Ghost ?p ?o }";
        assertEquals("false", kg.sparql().select(ghost, null).rows().get(0).get("boolean"), "a rolled-back write never reaches the replica");
        // A change made behind this instance's back shows after the rebuild on the next open.
        server.defaultDatabaseService().executeTransactionally(
                "MATCH (:Entity {name: 'Donald_Trump'})-[r:wife]->() DELETE r");
        kg = reopen(kg);
        assertEquals("false", kg.sparql().select(ask, null).rows().get(0).get("boolean"));
        assertEquals("true", kg.sparql().select(qualified, null).rows().get(0).get("boolean"), "literals and qualifiers are rebuilt");
        assertTrue(java.nio.file.Files.isDirectory(replicaDir.resolve("Data-0001")), "the replica is TDB2 on disk");
    }

    @Test
    void eachProcesssSparqlReplicaFollowsWhatTheOthersWrite() {
        // two Concord processes on one Neo4j: each has its own SPARQL replica (issue 19)
        try (KnowledgeGraph other = KnowledgeGraphs.neo4j(server.boltURI().toString(), "neo4j", "unused", null)) {
            String ask = Iris.prefixes() + "ASK { e:Jill_Biden r:spouse e:Joe_Biden }";
            assertEquals("false", other.sparql().select(ask, null).rows().get(0).get("boolean"));
            kg.apply(ChangeSet.adding(Triple.of("Jill_Biden", "spouse", "Joe_Biden")), "alice");
            assertEquals("true", other.sparql().select(ask, null).rows().get(0).get("boolean"),
                    "the other process sees the write in SPARQL without reopening");
            other.apply(ChangeSet.removing(Triple.of("Jill_Biden", "spouse", "Joe_Biden")), "bob");
            other.apply(ChangeSet.adding(Triple.of("Joe_Biden", "born_in", "Scranton")), "bob");
            assertEquals("false", kg.sparql().select(ask, null).rows().get(0).get("boolean"));
            assertEquals("true", kg.sparql().select(Iris.prefixes() + "ASK { e:Joe_Biden r:born_in e:Scranton }", null)
                    .rows().get(0).get("boolean"));
            // its own writes keep it in step: no rebuild needed when nobody else wrote
            other.apply(ChangeSet.adding(Triple.of("Joe_Biden", "party", "Democratic")), "bob");
            assertEquals("true", other.sparql().select(Iris.prefixes() + "ASK { e:Joe_Biden r:party e:Democratic }", null)
                    .rows().get(0).get("boolean"));
        }
    }

    @Test
    void anUnreachableServerIsAClearError() {
        KgException e = assertThrows(KgException.class,
                () -> KnowledgeGraphs.neo4j("bolt://127.0.0.1:1", "neo4j", "x", null));
        assertTrue(e.getMessage().startsWith("cannot connect to Neo4j at bolt://127.0.0.1:1"), e.getMessage());
    }
}
