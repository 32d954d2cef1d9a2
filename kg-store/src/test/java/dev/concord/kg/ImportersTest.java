package dev.concord.kg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImportersTest {
    private KnowledgeGraph kg;

    @BeforeEach
    void open() {
        kg = KnowledgeGraphs.inMemory();
    }

    @AfterEach
    void close() {
        kg.close();
    }

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void oneEditCsvNormalisesQuirksAndReportsEachLine() {
        String csv = """
                head,relation,tail
                Joe Biden,middle_name,Robinette
                Donald_Trump,wife,Melania_Trump

                Donald_Trump,wife,Melania_Trump
                Washington_D.C.,founded,1790
                only,two
                Bad<Name>,wife,X
                Barack_Obama,birth_date,1961-08-04
                """;
        ImportReport r = Importers.oneEditCsv(kg, new StringReader(csv), "t.csv", "alice");
        assertEquals(8, r.read());
        assertEquals(4, r.imported());
        assertEquals(1, r.duplicates());
        assertEquals(3, r.skipped().size());
        assertEquals(r.read(), r.imported() + r.duplicates() + r.skipped().size());
        assertEquals(new ImportReport.Skipped(4, "blank line"), r.skipped().get(0));
        assertEquals(7, r.skipped().get(1).line());
        assertTrue(r.skipped().get(1).reason().contains("expected 3 fields"), r.skipped().get(1).reason());
        assertEquals(8, r.skipped().get(2).line());
        assertTrue(r.skipped().get(2).reason().contains("'<'"), r.skipped().get(2).reason());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("line 2") && n.contains("Joe_Biden")), r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("line 5 repeats line 3")), r.notes().toString());
        assertTrue(kg.contains(Triple.of("Joe_Biden", "middle_name", "Robinette")));
        assertTrue(kg.contains(new Triple("Washington_D.C.", "founded", Term.literal("1790", Term.XSD_GYEAR))));
        assertTrue(kg.contains(new Triple("Barack_Obama", "birth_date", Term.literal("1961-08-04", Term.XSD_DATE))));
        assertEquals(1, kg.currentRevision(), "one file, one revision");
        assertTrue(r.details().contains("line 4: blank line"), r.details());
    }

    @Test
    void namesWithIriDelimitersSurviveTheImportersAndTheExportExactly() {
        Importers.oneEditCsv(kg, new StringReader("head,relation,tail\nx#y?z,born_in,Honolulu\n100%_sure,born_in,Honolulu\n"),
                "t.csv", "alice");
        assertTrue(kg.contains(Triple.of("x#y?z", "born_in", "Honolulu")));
        assertTrue(kg.contains(Triple.of("100%_sure", "born_in", "Honolulu")));
        String nt = "<" + Iris.ENTITY + "a%2Fb> <" + Iris.RELATION + "born_in> <" + Iris.ENTITY + "Honolulu> .\n";
        dev.concord.kg.io.RdfIo.importRdf(kg, new ByteArrayInputStream(nt.getBytes(StandardCharsets.UTF_8)),
                RdfFormat.NTRIPLES, "t.nt", "alice");
        assertTrue(kg.contains(Triple.of("a/b", "born_in", "Honolulu")), "an encoded IRI is read as its name");
        // export and import into a fresh graph: the same three names
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        dev.concord.kg.io.RdfIo.export(kg, out, RdfFormat.NTRIPLES);
        KnowledgeGraph other = KnowledgeGraphs.inMemory();
        try {
            dev.concord.kg.io.RdfIo.importRdf(other, new ByteArrayInputStream(out.toByteArray()), RdfFormat.NTRIPLES, "x.nt", "bob");
            for (String n : List.of("x#y?z", "100%_sure", "a/b")) {
                assertTrue(other.contains(Triple.of(n, "born_in", "Honolulu")), n + " after export and import");
            }
        } finally {
            other.close();
        }
    }

    @Test
    void relationsMissingFromTheSchemaAreDeclaredPlainWithANote() {
        kg.putRelation(new RelationInfo("wife", true, "husband", false, List.of(), List.of(), List.of()));
        ImportReport r = Importers.oneEditCsv(kg, new StringReader("head,relation,tail\nA,wife,B\nA,Founder,C\n"), "t.csv", "alice");
        assertEquals(List.of("relation 'Founder' is not in the relation schema; declared it as a plain (multi-valued) relation"),
                r.notes());
        assertEquals(Optional.of(RelationInfo.plain("Founder")), kg.relation("Founder"));
        assertTrue(kg.relation("wife").orElseThrow().functional(), "an existing entry stays");
        ImportReport again = Importers.oneEditCsv(kg, new StringReader("head,relation,tail\nA,wife,B\n"), "t.csv", "alice");
        assertEquals(0, again.imported());
        assertEquals(1, again.duplicates(), "already in the graph counts as a duplicate");
    }

    @Test
    void yagoKeepsStartAndEndYearsAsQualifiers() throws Exception {
        ImportReport r;
        try (InputStream in = getClass().getResourceAsStream("yago15k_test.csv")) {
            r = Importers.yagoCsv(kg, new InputStreamReader(in, StandardCharsets.UTF_8), "yago15k_test.csv", "importer");
        }
        // Counted independently from the file: 12,272 rows, all distinct, 2,157 with a year.
        assertEquals(12_272, r.read());
        assertEquals(12_272, r.imported());
        assertEquals(0, r.skipped().size());
        assertEquals(12_272, kg.size());
        Triple miller = Triple.of("Ian_Miller_(footballer,_born_1955)", "playsFor", "Swindon_Town_F.C.");
        assertEquals(Map.of("startYear", Term.literal("1978", Term.XSD_GYEAR), "endYear", Term.literal("1981", Term.XSD_GYEAR)),
                kg.qualifiers(miller));
        Triple weiss = Triple.of("Vladimír_Weiss_(footballer,_born_1989)", "playsFor", "Bolton_Wanderers_F.C.");
        assertEquals(Map.of("startYear", Term.literal("2010", Term.XSD_GYEAR)), kg.qualifiers(weiss));
        assertTrue(kg.contains(Triple.of("Louise_Fletcher", "wasBornIn", "Birmingham,_Alabama")), "quoted commas");
        long qualified = kg.calculateRead(() -> kg.match(null, null, null).stream().filter(t -> !kg.qualifiers(t).isEmpty()).count());
        assertEquals(2_157, qualified);
    }

    @Test
    void yagoRejectsBadYearsWithTheLineNumber() {
        String csv = "Head,Relationship,Tail,StartYear,EndYear\nA,playsFor,B,19x8,\nA,playsFor,C,1990,1995\nA,playsFor,C,1991,\n";
        ImportReport r = Importers.yagoCsv(kg, new StringReader(csv), "y.csv", "alice");
        assertEquals(1, r.imported());
        assertEquals(new ImportReport.Skipped(2, "StartYear must be a year such as 1978, found '19x8'"), r.skipped().get(0));
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("line 4 repeats line 3") && n.contains("differ")), r.notes().toString());
        assertEquals("1990", kg.qualifiers(Triple.of("A", "playsFor", "C")).get("startYear").lexical());
    }

    @Test
    void relationLibraryMapsTypesInversesAndChains() {
        String json = """
                [ {"name": "husband", "type": "one2one", "reverse": "wife", "multihop": ""},
                  {"name": "wife", "type": "one2one", "reverse": "husband", "multihop": ""},
                  {"name": "spouse", "type": "one2one", "reverse": "spouse", "multihop": ""},
                  {"name": "paternal grandfather", "type": "one2one", "reverse": "grandson", "multihop": "['father','father']"},
                  {"name": "maternal grandfather", "type": "one2one", "reverse": "grandson", "multihop": "['mother','father']"},
                  {"name": "party", "type": "", "reverse": "", "multihop": ""},
                  {"name": "major_business", "type": "one2many", "reverse": "", "multihop": ""},
                  {"name": "<answer>", "type": "", "reverse": "", "multihop": ""},
                  {"name": "odd", "type": "many2many", "reverse": "", "multihop": ""} ]
                """;
        ImportReport r = Importers.relationLibrary(kg, bytes(json), "lib.json");
        assertEquals(9, r.read());
        assertEquals(7, r.imported());
        assertEquals(2, r.skipped().size());
        assertTrue(r.skipped().get(0).reason().contains("<answer>"), r.skipped().toString());
        assertTrue(r.skipped().get(1).reason().contains("many2many"), r.skipped().toString());
        assertEquals(new RelationInfo("paternal_grandfather", true, "grandson", false, List.of("father", "father"), null, null),
                kg.relation("paternal_grandfather").orElseThrow());
        assertEquals("paternal_grandfather", kg.relation("grandson").orElseThrow().inverse(), "the first claim wins");
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("'grandson' is the reverse of both")), r.notes().toString());
        assertEquals("wife", kg.relation("husband").orElseThrow().inverse());
        RelationInfo spouse = kg.relation("spouse").orElseThrow();
        assertTrue(spouse.symmetric() && "spouse".equals(spouse.inverse()));
        assertTrue(kg.relation("party").orElseThrow().functional());
        assertFalse(kg.relation("major_business").orElseThrow().functional());
    }

    @Test
    void phrasingsAndLibraryMergeInEitherOrder() {
        Importers.relationPhrasings(kg, bytes("{\"relations\": {\"wife\": {\"templates\": [\"The wife of {subject} is\"], "
                + "\"altLabels\": [\"wife\", \"married to\"]}}}"), "p.json");
        Importers.relationLibrary(kg, bytes("[{\"name\": \"wife\", \"type\": \"one2one\", \"reverse\": \"husband\", \"multihop\": \"\"}]"), "l.json");
        RelationInfo wife = kg.relation("wife").orElseThrow();
        assertTrue(wife.functional());
        assertEquals(List.of("wife", "married to"), wife.altLabels());
        assertEquals("The wife of Donald Trump is", wife.prompt("Donald Trump"));
        KgException bad = assertThrows(KgException.class, () -> Importers.relationLibrary(kg, bytes("{not json"), "x.json"));
        assertTrue(bad.getMessage().startsWith("x.json: not valid JSON"), bad.getMessage());
        ImportReport noSubject = Importers.relationPhrasings(kg, bytes("{\"relations\": {\"x\": {\"templates\": [\"no placeholder\"]}}}"), "p.json");
        assertEquals(1, noSubject.skipped().size());
    }

    @Test
    void everySeedRelationHasPhrasingsAndTemplates() throws Exception {
        Seeds.importDefaults(kg);
        java.util.Set<String> used = new HashSet<>();
        kg.match(null, null, null).forEach(t -> used.add(t.relation()));
        for (String name : used) {
            RelationInfo info = kg.relation(name).orElseThrow(() -> new AssertionError("no schema for " + name));
            assertFalse(info.templates().isEmpty(), name);
            assertFalse(info.altLabels().isEmpty(), name);
            assertTrue(info.templates().get(0).contains("{subject}"), name);
        }
        for (RelationInfo info : kg.relations()) {
            assertFalse(info.templates().isEmpty(), "library relation " + info.name() + " lacks a template");
        }
    }

    @Test
    void rdfRoundTripKeepsFactsSchemaLabelsAndQualifiers() {
        Seeds.importDefaults(kg);
        Triple plays = Triple.of("Neil_Lennon", "position", "Midfielder");
        kg.qualify(plays, Map.of("startYear", Term.literal("1990", Term.XSD_GYEAR)));
        kg.setLabel("Washington_D.C.", "Washington, D.C.");
        for (RdfFormat format : RdfFormat.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long written = Importers.export(kg, out, format);
            assertTrue(written > kg.size(), "facts plus labels and schema");
            try (KnowledgeGraph copy = KnowledgeGraphs.inMemory()) {
                ImportReport r = Importers.rdf(copy, new ByteArrayInputStream(out.toByteArray()), format, "export", "copier");
                assertEquals(kg.size(), r.imported(), format + ": " + r.details());
                assertEquals(new HashSet<>(kg.match(null, null, null)), new HashSet<>(copy.match(null, null, null)));
                assertEquals(kg.relations(), copy.relations(), format.name());
                assertEquals("Washington, D.C.", copy.label("Washington_D.C."));
                assertEquals(kg.qualifiers(plays), copy.qualifiers(plays));
                assertEquals(List.of(), r.skipped());
            }
        }
    }

    @Test
    void rdfImportSkipsForeignStatementsAndRejectsBadSyntaxWithoutWriting() {
        String nt = "<" + Iris.ENTITY + "A> <" + Iris.RELATION + "knows> <" + Iris.ENTITY + "B> .\n"
                + "<http://example.org/x> <http://example.org/p> \"y\" .\n"
                + "<" + Iris.ENTITY + "A> <" + Iris.RELATION + "says> \"hallo\"@de .\n";
        ImportReport r = Importers.rdf(kg, bytes(nt), RdfFormat.NTRIPLES, "x.nt", "alice");
        assertEquals(3, r.read());
        assertEquals(2, r.imported());
        assertEquals(1, r.skipped().size());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("language tag")), r.notes().toString());
        assertTrue(kg.contains(new Triple("A", "says", Term.string("hallo"))));
        long rev = kg.currentRevision();
        KgException e = assertThrows(KgException.class, () -> Importers.rdf(kg,
                bytes("<" + Iris.ENTITY + "C> <" + Iris.RELATION + "knows> <" + Iris.ENTITY + "D> .\n<broken"),
                RdfFormat.NTRIPLES, "bad.nt", "alice"));
        assertTrue(e.getMessage().startsWith("bad.nt: not valid ntriples") && e.getMessage().contains("line: 2"), e.getMessage());
        assertFalse(kg.contains(Triple.of("C", "knows", "D")));
        assertEquals(rev, kg.currentRevision());
    }

    @Test
    void seedPhrasingsNameOneRelationEach() {
        Seeds.importDefaults(kg);
        Map<String, String> owner = new java.util.HashMap<>();
        for (RelationInfo r : kg.relations()) {
            for (String phrase : r.altLabels()) {
                String before = owner.putIfAbsent(phrase.toLowerCase(java.util.Locale.ROOT), r.name());
                assertTrue(before == null, "phrasing '" + phrase + "' names both " + before + " and " + r.name());
            }
        }
        assertEquals("born_in", owner.get("born in"), "the seed graph's own relation owns 'born in'");
        assertEquals("spouse", owner.get("married to"));
    }
}
