package dev.concord.kg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link KnowledgeGraph} backend must show. Subclasses give a fresh, empty
 * graph per test and a way to close and reopen the same store.
 */
public abstract class KnowledgeGraphContractTest {
    protected KnowledgeGraph kg;

    /** A fresh, empty graph on a real store. */
    protected abstract KnowledgeGraph openFresh() throws Exception;

    /** Closes {@code current} and opens the same store again. */
    protected abstract KnowledgeGraph reopen(KnowledgeGraph current) throws Exception;

    @BeforeEach
    void openGraph() throws Exception {
        kg = openFresh();
    }

    @AfterEach
    void closeGraph() {
        if (kg != null) {
            kg.close();
        }
    }

    private static final Triple TRUMP_WIFE = Triple.of("Donald_Trump", "wife", "Melania_Trump");
    private static final Triple TRUMP_CHILD = Triple.of("Donald_Trump", "children", "Ivanka_Trump");
    private static final Triple MELANIA_HUSBAND = Triple.of("Melania_Trump", "husband", "Donald_Trump");
    private static final Triple OBAMA_BORN = Triple.of("Barack_Obama", "born_in", "Honolulu");
    private static final Triple OBAMA_DATE = new Triple("Barack_Obama", "birth_date", Term.literal("1961-08-04", Term.XSD_DATE));

    private void seedSmall() {
        kg.apply(ChangeSet.adding(TRUMP_WIFE, TRUMP_CHILD, MELANIA_HUSBAND, OBAMA_BORN, OBAMA_DATE), "alice");
    }

    private static <T> Set<T> set(List<T> l) {
        return new HashSet<>(l);
    }

    // --- lookups ------------------------------------------------------------------------------

    @Test
    void patternLookupsTreatNullAsWildcard() {
        seedSmall();
        assertEquals(Set.of(TRUMP_WIFE), set(kg.match("Donald_Trump", "wife", null)));
        assertEquals(Set.of(TRUMP_WIFE, TRUMP_CHILD), set(kg.match("Donald_Trump", null, null)));
        assertEquals(Set.of(MELANIA_HUSBAND), set(kg.subjects("husband", Term.entity("Donald_Trump"))));
        assertEquals(Set.of(TRUMP_WIFE, TRUMP_CHILD, MELANIA_HUSBAND, OBAMA_BORN, OBAMA_DATE), set(kg.match(null, null, null)));
        assertEquals(List.of(), kg.match("Donald_Trump", "husband", null));
        assertEquals(Set.of(OBAMA_BORN), set(kg.objects("Barack Obama", "born_in")), "spaces fold to underscores");
        assertTrue(kg.contains(TRUMP_WIFE));
        assertFalse(kg.contains(Triple.of("Donald_Trump", "wife", "Ivana_Trump")));
    }

    @Test
    void aLargeChangeSetAddsEachNewFactOnceBesideTheOnesThere() {
        // over a thousand facts: Neo4j's large path (entities merged once; a relation with no fact yet
        // skips the per-row check), beside a relation that already has facts
        kg.apply(ChangeSet.adding(Triple.of("Big_0", "big_old", "Big_1")), "alice");
        List<Triple> added = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            added.add(Triple.of("Big_" + i, "big_old", "Big_" + (i + 1))); // the first is there already
            added.add(Triple.of("Big_" + i, "big_new", "Big_" + (i + 7)));
        }
        added.add(Triple.of("Big_3", "big_new", "Big_10")); // listed twice
        Revision r = kg.apply(new ChangeSet(added, List.of()), "bob");
        assertEquals(2 * 1_200 - 1, r.changes().added().size(), "neither the fact there nor the repeat is new");
        assertEquals(2 * 1_200, kg.size());
        assertEquals(1, kg.match("Big_0", "big_old", null).size());
        assertEquals(1, kg.match("Big_3", "big_new", null).size());
        assertEquals(r.changes().added(), kg.revision(r.number()).orElseThrow().changes().added());
    }

    @Test
    void sizeCountsFactsOnlyNotLabelsOrSchema() {
        kg.putRelation(new RelationInfo("wife", true, "husband", false, List.of(), List.of("wife"), List.of("The wife of {subject} is")));
        seedSmall();
        assertEquals(5, kg.size());
        KgStats stats = kg.stats();
        assertEquals(5, stats.triples());
        assertEquals(5, stats.entities(), "Donald, Melania, Ivanka, Barack and Honolulu; the date literal is no entity");
        assertEquals(1, stats.revision());
    }

    @Test
    void neighbourhoodHasOutgoingAndIncoming() {
        seedSmall();
        Neighbourhood n = kg.neighbourhood("Melania_Trump");
        assertEquals(Set.of(MELANIA_HUSBAND), set(n.outgoing()));
        assertEquals(Set.of(TRUMP_WIFE), set(n.incoming()));
        Neighbourhood unknown = kg.neighbourhood("Nobody_Known");
        assertTrue(unknown.outgoing().isEmpty() && unknown.incoming().isEmpty());
        assertTrue(kg.hasEntity("Honolulu"));
        assertFalse(kg.hasEntity("Nobody_Known"));
    }

    @Test
    void labelSearchIsCaseInsensitiveFoldsUnderscoresAndPutsExactFirst() {
        kg.apply(ChangeSet.adding(TRUMP_WIFE, TRUMP_CHILD,
                Triple.of("Donald_Trump_Jr.", "father", "Donald_Trump"),
                Triple.of("Washington_D.C.", "located_in", "America")), "alice");
        assertEquals("Donald Trump", kg.label("Donald_Trump"));
        List<LabelMatch> hits = kg.searchLabels("  donald   TRUMP ", 10);
        assertEquals(2, hits.size());
        assertEquals(new LabelMatch("Donald_Trump", "Donald Trump", true), hits.get(0));
        assertEquals("Donald_Trump_Jr.", hits.get(1).entity());
        assertFalse(hits.get(1).exact());
        assertEquals("Washington_D.C.", kg.searchLabels("washington_d.c.", 5).get(0).entity());
        assertTrue(kg.searchLabels("washington_d.c.", 5).get(0).exact());
        assertEquals(1, kg.searchLabels("trump", 1).size(), "limit applies");
        assertEquals(List.of(), kg.searchLabels("zebra", 5));
        kg.setLabel("Washington_D.C.", "Washington, District of Columbia");
        assertEquals("Washington_D.C.", kg.searchLabels("district of columbia", 5).get(0).entity());
    }

    // --- apply and transactions ---------------------------------------------------------------

    @Test
    void applyRemovesThenAddsAndRecordsOnlyEffectiveChanges() {
        kg.apply(ChangeSet.adding(TRUMP_WIFE), "alice");
        Triple ivana = Triple.of("Donald_Trump", "wife", "Ivana_Trump");
        Triple absent = Triple.of("Nobody", "wife", "Noone");
        Revision r = kg.apply(new ChangeSet(List.of(ivana, OBAMA_BORN),
                List.of(TRUMP_WIFE, absent)), "bob");
        assertEquals(List.of(TRUMP_WIFE), r.changes().removed(), "the absent triple is not recorded");
        assertEquals(List.of(ivana, OBAMA_BORN), r.changes().added());
        assertEquals(Set.of(ivana), set(kg.objects("Donald_Trump", "wife")));
        Revision again = kg.apply(ChangeSet.adding(ivana), "bob");
        assertTrue(again.changes().isEmpty(), "adding a present triple changes nothing");
        assertEquals(3, kg.currentRevision(), "an empty change set still makes a revision");
    }

    @Test
    void failureInsideAWriteLeavesNothingPartial() {
        seedSmall();
        long before = kg.currentRevision();
        RuntimeException boom = assertThrows(IllegalStateException.class, () -> kg.executeWrite(() -> {
            kg.apply(ChangeSet.adding(Triple.of("A", "knows", "B")), "alice");
            kg.apply(ChangeSet.removing(TRUMP_WIFE), "alice");
            assertTrue(kg.contains(Triple.of("A", "knows", "B")), "the transaction sees its own writes");
            throw new IllegalStateException("boom");
        }));
        assertEquals("boom", boom.getMessage());
        assertFalse(kg.contains(Triple.of("A", "knows", "B")));
        assertTrue(kg.contains(TRUMP_WIFE));
        assertEquals(before, kg.currentRevision());
        assertEquals(before, kg.history().size());
    }

    @Test
    void anInvalidLiteralIsRefusedBeforeAnythingIsWritten() {
        Triple bad = new Triple("X", "birth_date", Term.literal("not-a-date", Term.XSD_DATE));
        KgException e = assertThrows(KgException.class, () -> kg.apply(ChangeSet.adding(TRUMP_WIFE, bad), "alice"));
        assertTrue(e.getMessage().contains("not-a-date"), e.getMessage());
        assertEquals(0, kg.size());
        assertEquals(0, kg.currentRevision());
    }

    @Test
    void nestedCallsReuseTheOuterTransaction() {
        long size = kg.calculateWrite(() -> {
            kg.apply(ChangeSet.adding(TRUMP_WIFE), "alice");
            kg.apply(ChangeSet.adding(OBAMA_BORN), "alice");
            return kg.calculateRead(kg::size);
        });
        assertEquals(2, size);
        assertEquals(2, kg.currentRevision());
        KgException e = assertThrows(KgException.class,
                () -> kg.executeRead(() -> kg.apply(ChangeSet.adding(TRUMP_CHILD), "alice")));
        assertTrue(e.getMessage().contains("read transaction"), e.getMessage());
        assertFalse(kg.contains(TRUMP_CHILD));
    }

    @Test
    void concurrentWritersGetDistinctConsecutiveRevisions() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Revision>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Triple t = Triple.of("Person_" + i, "knows", "Person_" + (i + 1));
                futures.add(pool.submit(() -> kg.apply(ChangeSet.adding(t), "writer")));
            }
            List<Long> numbers = new ArrayList<>();
            for (Future<Revision> f : futures) {
                numbers.add(f.get().number());
            }
            Collections.sort(numbers);
            List<Long> expected = new ArrayList<>();
            for (long n = 1; n <= 20; n++) {
                expected.add(n);
            }
            assertEquals(expected, numbers);
            assertEquals(20, kg.size());
        } finally {
            pool.shutdownNow();
        }
    }

    // --- revisions ----------------------------------------------------------------------------

    @Test
    void revisionsAreMonotonicAndKeepAuthorTimeAndChangesAcrossReopen() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        Revision r1 = kg.apply(ChangeSet.adding(TRUMP_WIFE, OBAMA_DATE), "alice");
        Revision r2 = kg.apply(new ChangeSet(List.of(TRUMP_CHILD), List.of(TRUMP_WIFE)), "bob");
        assertEquals(1, r1.number());
        assertEquals(2, r2.number());
        assertTrue(!r1.time().isBefore(before) && !r2.time().isBefore(r1.time()));
        kg = reopen(kg);
        assertEquals(2, kg.currentRevision());
        assertEquals(List.of(r1, r2), kg.history());
        assertEquals(Optional.of(r2), kg.revision(2));
        assertEquals(Optional.empty(), kg.revision(3));
        assertEquals("bob", kg.revision(2).orElseThrow().author());
        Revision r3 = kg.apply(ChangeSet.adding(OBAMA_BORN), "carol");
        assertEquals(3, r3.number());
    }

    @Test
    void revertAppliesTheInverseAsANewRevision() {
        kg.apply(ChangeSet.adding(TRUMP_WIFE), "alice");
        Triple ivana = Triple.of("Donald_Trump", "wife", "Ivana_Trump");
        Revision swap = kg.apply(new ChangeSet(List.of(ivana), List.of(TRUMP_WIFE)), "bob");
        Revision undo = kg.revert(swap.number(), "admin");
        assertEquals(3, undo.number());
        assertEquals("admin", undo.author());
        assertEquals(swap.changes().inverse(), undo.changes());
        assertEquals(Set.of(TRUMP_WIFE), set(kg.objects("Donald_Trump", "wife")));
        KgException e = assertThrows(KgException.class, () -> kg.revert(42, "admin"));
        assertTrue(e.getMessage().contains("42"), e.getMessage());
        assertEquals(3, kg.currentRevision());
    }

    // --- schema -------------------------------------------------------------------------------

    @Test
    void relationSchemaRoundTripsIncludingOrderOfPhrasings() throws Exception {
        RelationInfo grandfather = new RelationInfo("paternal_grandfather", true, "grandson", false,
                List.of("father", "father"), List.of("paternal grandfather", "father's father", "a grandpa"),
                List.of("The paternal grandfather of {subject} is", "{subject}'s grandfather is"));
        RelationInfo spouse = new RelationInfo("spouse", true, "spouse", true, List.of(), List.of("married to"), List.of());
        kg.putRelation(grandfather);
        kg.putRelation(spouse);
        assertEquals(Optional.of(grandfather), kg.relation("paternal grandfather"));
        assertEquals(Optional.of(spouse), kg.relation("spouse"));
        assertEquals("grandson", kg.relation("grandson").orElseThrow().name(), "the inverse is declared too");
        assertEquals("paternal_grandfather", kg.relation("grandson").orElseThrow().inverse(),
                "owl:inverseOf is read from both sides");
        assertEquals(Optional.empty(), kg.relation("unknown_relation"));
        RelationInfo replaced = new RelationInfo("paternal_grandfather", false, null, false, List.of(), List.of(), List.of("{subject} descends from"));
        kg.putRelation(replaced);
        assertEquals(Optional.of(replaced), kg.relation("paternal_grandfather"));
        kg = reopen(kg);
        assertEquals(Optional.of(replaced), kg.relation("paternal_grandfather"));
        assertEquals(Optional.of(spouse), kg.relation("spouse"));
        List<String> names = kg.relations().stream().map(RelationInfo::name).toList();
        assertTrue(names.containsAll(List.of("father", "grandson", "paternal_grandfather", "spouse")), names.toString());
        assertEquals(names.stream().sorted().toList(), names);
        assertEquals(0, kg.size(), "schema is not counted as facts");
    }

    @Test
    void applyingAnUnknownRelationDeclaresItPlain() {
        kg.apply(ChangeSet.adding(Triple.of("A", "brand_new_relation", "B")), "alice");
        assertEquals(Optional.of(RelationInfo.plain("brand_new_relation")), kg.relation("brand_new_relation"));
    }

    // --- literals and qualifiers --------------------------------------------------------------

    @Test
    void literalsKeepTheirDatatypes() throws Exception {
        Triple date = OBAMA_DATE;
        Triple year = new Triple("Washington_D.C.", "founded", Term.literal("1790", Term.XSD_GYEAR));
        Triple count = new Triple("America", "states", Term.literal("50", Term.XSD_INTEGER));
        Triple text = new Triple("Scranton", "nickname", Term.string("The Electric City"));
        Triple custom = new Triple("X", "code", Term.literal("abc", "http://example.org/dt"));
        kg.apply(ChangeSet.adding(date, year, count, text, custom), "alice");
        kg = reopen(kg);
        assertEquals(Set.of(date), set(kg.objects("Barack_Obama", "birth_date")));
        assertEquals(Term.literal("1790", Term.XSD_GYEAR), kg.objects("Washington_D.C.", "founded").get(0).object());
        assertEquals(Term.literal("50", Term.XSD_INTEGER), kg.objects("America", "states").get(0).object());
        assertEquals(Term.string("The Electric City"), kg.objects("Scranton", "nickname").get(0).object());
        assertEquals(custom, kg.objects("X", "code").get(0));
        assertFalse(kg.contains(new Triple("Washington_D.C.", "founded", Term.string("1790"))),
                "a string is not the same term as a gYear");
        assertEquals(Set.of(year), set(kg.subjects("founded", Term.literal("1790", Term.XSD_GYEAR))));
    }

    @Test
    void qualifiersAnnotateATripleAndGoWithIt() {
        Triple plays = Triple.of("Ian_Miller", "playsFor", "Swindon_Town_F.C.");
        kg.apply(ChangeSet.adding(plays), "alice");
        kg.qualify(plays, Map.of("startYear", Term.literal("1978", Term.XSD_GYEAR), "endYear", Term.literal("1981", Term.XSD_GYEAR)));
        assertEquals(Map.of("startYear", Term.literal("1978", Term.XSD_GYEAR), "endYear", Term.literal("1981", Term.XSD_GYEAR)),
                kg.qualifiers(plays));
        kg.qualify(plays, Map.of("endYear", Term.literal("1982", Term.XSD_GYEAR)));
        assertEquals(Term.literal("1982", Term.XSD_GYEAR), kg.qualifiers(plays).get("endYear"));
        assertEquals(2, kg.qualifiers(plays).size());
        assertEquals(1, kg.size(), "qualifiers are not facts");
        assertThrows(KgException.class, () -> kg.qualify(TRUMP_WIFE, Map.of("startYear", Term.literal("2005", Term.XSD_GYEAR))));
        kg.apply(ChangeSet.removing(plays), "alice");
        assertEquals(Map.of(), kg.qualifiers(plays));
    }

    // --- persistence and SPARQL ---------------------------------------------------------------

    @Test
    void factsAndLabelsSurviveReopen() throws Exception {
        seedSmall();
        kg.setLabel("Donald_Trump", "Donald J. Trump");
        kg = reopen(kg);
        assertEquals(5, kg.size());
        assertTrue(kg.contains(OBAMA_DATE));
        assertEquals("Donald J. Trump", kg.label("Donald_Trump"));
        assertEquals("Melania Trump", kg.label("Melania_Trump"));
    }

    @Test
    void sparqlSeesCommittedFacts() {
        seedSmall();
        SparqlEndpoint.SelectResult r = kg.sparql().select(Iris.prefixes()
                + "SELECT ?o WHERE { e:Donald_Trump r:wife ?o }", Duration.ofSeconds(5));
        assertEquals(List.of(Map.of("o", "<" + Iris.ENTITY + "Melania_Trump>")), r.rows());
        kg.apply(new ChangeSet(List.of(Triple.of("Donald_Trump", "wife", "Ivana_Trump")), List.of(TRUMP_WIFE)), "bob");
        r = kg.sparql().select(Iris.prefixes() + "SELECT ?o WHERE { e:Donald_Trump r:wife ?o }", null);
        assertEquals(List.of(Map.of("o", "<" + Iris.ENTITY + "Ivana_Trump>")), r.rows());
        SparqlEndpoint.SelectResult schema = kg.sparql().select(Iris.prefixes()
                + "ASK { e:Barack_Obama rdfs:label \"Barack Obama\" }", null);
        assertEquals("true", schema.rows().get(0).get("boolean"));
    }

    // --- names that an IRI cannot hold as written ---------------------------------------------------

    @Test
    void namesWithIriDelimitersAreEncodedReadBackExactlyAndSurviveAReopen() throws Exception {
        List<String> names = List.of("x#y?z", "100%_sure", "../../etc/passwd", "..", ".", "a/b", "AT&T", "caf\u00e9",
                "50%25_off");
        List<Triple> triples = new java.util.ArrayList<>();
        for (String n : names) {
            triples.add(Triple.of(n, "born_in", "Honolulu"));
        }
        kg.apply(ChangeSet.adding(triples.toArray(new Triple[0])), "alice");
        kg = reopen(kg);
        for (String n : names) {
            assertEquals(List.of(Triple.of(n, "born_in", "Honolulu")), kg.match(n, "born_in", null), n);
            assertTrue(kg.hasEntity(n), n);
        }
        Set<String> read = new HashSet<>();
        kg.subjects("born_in", Term.entity("Honolulu")).forEach(t -> read.add(t.subject()));
        assertEquals(Set.copyOf(names), read);
        // SPARQL results are well-formed IRIs: one path segment each, the delimiters percent-encoded
        SparqlEndpoint.SelectResult r = kg.sparql().select(Iris.prefixes()
                + "SELECT ?s WHERE { ?s r:born_in e:Honolulu }", Duration.ofSeconds(5));
        Set<String> decoded = new HashSet<>();
        for (Map<String, String> row : r.rows()) {
            String iri = row.get("s").substring(1, row.get("s").length() - 1);
            java.net.URI uri = java.net.URI.create(iri);
            assertEquals(null, uri.getRawQuery(), iri);
            assertEquals(null, uri.getRawFragment(), iri);
            assertEquals(uri, uri.normalize(), "no dot segments in " + iri);
            assertTrue(iri.startsWith(Iris.ENTITY) && iri.indexOf('/', Iris.ENTITY.length()) < 0, iri);
            decoded.add(Iris.decodeLocal(iri.substring(Iris.ENTITY.length())));
        }
        assertEquals(Set.copyOf(names), decoded);
    }

    @Test
    void namesAnIriCannotCarryAreRefusedNamingTheCharacter() {
        KgException e = assertThrows(KgException.class, () -> kg.apply(ChangeSet.adding(Triple.of("bell\u0007name", "born_in", "X")), "a"));
        assertTrue(e.getMessage().contains("U+0007"), e.getMessage());
        e = assertThrows(KgException.class, () -> kg.apply(ChangeSet.adding(Triple.of("a<b", "born_in", "X")), "a"));
        assertTrue(e.getMessage().contains("'<'"), e.getMessage());
        e = assertThrows(KgException.class, () -> kg.apply(ChangeSet.adding(Triple.of("n".repeat(401), "born_in", "X")), "a"));
        assertTrue(e.getMessage().contains("at most 400"), e.getMessage());
        assertEquals(0, kg.size(), "nothing was written");
    }

    // --- alignments -----------------------------------------------------------------------------

    @Test
    void alignmentsAreStatedOnBothSidesSurviveSchemaRewritesAndCanBeRemoved() {
        kg.putRelation(new RelationInfo("born_in", true, null, false, List.of(), List.of("born in"),
                List.of("{subject} was born in")));
        assertTrue(kg.align("born_in", "wasBornIn"), "declares wasBornIn too");
        assertFalse(kg.align("wasBornIn", "born_in"), "already stated");
        assertEquals(List.of("wasBornIn"), kg.relation("born_in").orElseThrow().equivalents());
        assertEquals(List.of("born_in"), kg.relation("wasBornIn").orElseThrow().equivalents());
        assertTrue(kg.relation("born_in").orElseThrow().functional(), "the rest of the relation is kept");
        assertEquals(List.of("{subject} was born in"), kg.relation("born_in").orElseThrow().templates());
        assertTrue(kg.sparql().select("PREFIX owl: <http://www.w3.org/2002/07/owl#> SELECT ?p WHERE { "
                + "<" + Iris.RELATION + "born_in> owl:equivalentProperty ?p }", null).toString().contains("wasBornIn"),
                "SPARQL sees the axiom");
        assertThrows(KgException.class, () -> kg.align("born_in", "born_in"));
        assertTrue(kg.unalign("born_in", "wasBornIn"));
        assertEquals(List.of(), kg.relation("born_in").orElseThrow().equivalents());
        assertEquals(List.of(), kg.relation("wasBornIn").orElseThrow().equivalents());
        assertFalse(kg.unalign("born_in", "wasBornIn"));
        assertEquals(List.of("born_in"), kg.aligned("born_in"));
    }

    @Test
    void subPropertiesAreStatedReadAcrossAlignedSetsAndRefuseCycles() {
        kg.putRelation(new RelationInfo("spouse", true, "spouse", true, List.of(), List.of("married to"), List.of()));
        kg.putRelation(new RelationInfo("wife", true, "husband", false, List.of(), List.of(), List.of("The wife of {subject} is")));
        assertTrue(kg.subsume("wife", "spouse"));
        assertFalse(kg.subsume("wife", "spouse"), "already stated");
        assertTrue(kg.subsume("husband", "spouse"), "declares husband");
        assertTrue(kg.align("spouse", "isMarriedTo"));
        assertTrue(kg.subsume("consort", "isMarriedTo"), "under the other name of the set");
        assertEquals(List.of("spouse"), kg.relation("wife").orElseThrow().broader());
        assertEquals("husband", kg.relation("wife").orElseThrow().inverse(), "the rest of the relation is kept");
        assertEquals(List.of("The wife of {subject} is"), kg.relation("wife").orElseThrow().templates());
        assertEquals(List.of(), kg.relation("spouse").orElseThrow().broader(), "one direction only");
        assertEquals(List.of("isMarriedTo", "spouse"), kg.above("wife"));
        assertEquals(List.of("isMarriedTo", "spouse"), kg.above("consort"), "through the aligned set");
        assertEquals(List.of(), kg.above("spouse"));
        assertEquals(List.of("consort", "husband", "isMarriedTo", "spouse", "wife"), kg.covering("spouse"));
        assertEquals(List.of("consort", "husband", "isMarriedTo", "spouse", "wife"), kg.covering("isMarriedTo"));
        assertEquals(List.of("wife"), kg.covering("wife"), "a wife is a spouse, not the other way round");
        KgException cycle = assertThrows(KgException.class, () -> kg.subsume("isMarriedTo", "wife"));
        assertTrue(cycle.getMessage().contains("align them"), cycle.getMessage());
        assertThrows(KgException.class, () -> kg.subsume("spouse", "isMarriedTo"), "aligned relations are not under each other");
        assertTrue(kg.sparql().select("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?p WHERE { "
                + "<" + Iris.RELATION + "wife> rdfs:subPropertyOf ?p }", null).toString().contains("spouse"),
                "SPARQL sees the axiom");
        kg.putRelation(kg.relation("wife").orElseThrow().withFunctional(false));
        assertEquals(List.of("spouse"), kg.relation("wife").orElseThrow().broader(), "a schema rewrite keeps it");
        assertTrue(kg.unsubsume("wife", "spouse"));
        assertFalse(kg.unsubsume("wife", "spouse"));
        assertEquals(List.of("consort", "husband", "isMarriedTo", "spouse"), kg.covering("spouse"));
        assertEquals(0, kg.size(), "axioms are not facts");
    }

    // --- seeds ----------------------------------------------------------------------------------

    @Test
    void seedImportLoadsLibraryTemplatesAndBothKgs() {
        List<ImportReport> reports = Seeds.importDefaults(kg);
        assertEquals(5, reports.size());
        assertEquals(17, reports.get(4).imported(), "the shipped alignments: 15 equivalent, 2 subproperty");
        assertEquals(List.of("spouse"), kg.relation("wife").orElseThrow().broader());
        assertTrue(kg.covering("spouse").containsAll(List.of("husband", "isMarriedTo", "married_to", "wife")));
        assertTrue(kg.relation("born_in").orElseThrow().equivalents().contains("wasBornIn"));
        assertTrue(kg.relation("wasBornIn").orElseThrow().equivalents().contains("born_in"), "both sides");
        assertEquals(List.of("birthplace", "born_in", "wasBornIn"), kg.aligned("wasBornIn"), "through born_in");
        assertEquals("Barack Obama was born in", kg.relation("wasBornIn").orElseThrow().prompt("Barack Obama"),
                "alignment keeps the phrasings");
        ImportReport kgCsv = reports.get(1);
        assertEquals(158, kgCsv.read());
        assertEquals(155, kgCsv.imported());
        assertEquals(1, kgCsv.duplicates());
        assertEquals(2, kgCsv.skipped().size());
        assertEquals(20, reports.get(2).imported());
        assertEquals(175, kg.size());
        RelationInfo wife = kg.relation("wife").orElseThrow();
        assertTrue(wife.functional());
        assertEquals("husband", wife.inverse());
        assertEquals(List.of("father", "father"), kg.relation("paternal_grandfather").orElseThrow().chain());
        assertEquals("Barack Obama was born in", kg.relation("born_in").orElseThrow().prompt("Barack Obama"));
        assertTrue(kg.relation("born_in").orElseThrow().altLabels().contains("place of birth"));
        assertTrue(kg.relation("spouse").orElseThrow().symmetric());
        assertFalse(kg.relation("major_business").orElseThrow().functional(), "one2many");
        assertTrue(kg.relation("party").orElseThrow().functional(), "empty type reads as one2one");
        assertFalse(kg.relation("Founder").orElseThrow().functional(), "missing from the library: plain");
        assertTrue(kg.contains(Triple.of("Joe_Biden", "middle_name", "Robinette")), "'Joe Biden' was normalised");
        assertTrue(kg.contains(new Triple("Barack_Obama", "birth_date", Term.literal("1961-08-04", Term.XSD_DATE))));
        for (RelationInfo r : kg.relations()) {
            assertFalse(r.templates().isEmpty(), "relation " + r.name() + " has a template");
        }
        assertEquals(List.of(), Seeds.importDefaultsIfEmpty(kg), "a second start imports nothing");
    }
}
