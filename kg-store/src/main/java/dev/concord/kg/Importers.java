package dev.concord.kg;

import dev.concord.kg.io.RdfIo;
import dev.concord.kg.io.RelationLibraryImporter;
import dev.concord.kg.io.TripleCsvImporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Imports into and exports from a knowledge graph; every import reports what it did ({@link ImportReport}). */
public final class Importers {
    private Importers() {
    }

    /** OneEdit's {@code head,relation,tail} CSV (kg.csv, kg2.csv), as one revision. */
    public static ImportReport oneEditCsv(KnowledgeGraph kg, Reader in, String source, String author) {
        return TripleCsvImporter.importCsv(kg, in, TripleCsvImporter.Layout.ONEEDIT, source, author);
    }

    /** YAGO15k's {@code Head,Relationship,Tail,StartYear,EndYear}; years become qualifiers startYear/endYear. */
    public static ImportReport yagoCsv(KnowledgeGraph kg, Reader in, String source, String author) {
        return TripleCsvImporter.importCsv(kg, in, TripleCsvImporter.Layout.YAGO, source, author);
    }

    /** OneEdit's relationship_library.json into the OWL schema. */
    public static ImportReport relationLibrary(KnowledgeGraph kg, InputStream in, String source) {
        return RelationLibraryImporter.importLibrary(kg, in, source);
    }

    /** Prompt templates and phrasings per relation ({@code relation_phrasings.json} layout). */
    public static ImportReport relationPhrasings(KnowledgeGraph kg, InputStream in, String source) {
        return RelationLibraryImporter.importPhrasings(kg, in, source);
    }

    /**
     * N-Triples or Turtle: facts in the Concord namespaces are imported in batches (one revision
     * per batch), with their labels, schema and qualifiers; anything else is skipped and counted.
     * The whole file is parsed before anything is written, so a syntax error changes nothing.
     */
    public static ImportReport rdf(KnowledgeGraph kg, InputStream in, RdfFormat format, String source, String author) {
        return RdfIo.importRdf(kg, in, format, source, author);
    }

    /** Writes facts, labels, schema and qualifiers (not revisions) as N-Triples or Turtle. */
    public static long export(KnowledgeGraph kg, OutputStream out, RdfFormat format) {
        return RdfIo.export(kg, out, format);
    }

    /** The import for a named CLI format: oneedit-csv, yago-csv, relation-library, phrasings, ntriples, turtle. */
    public static ImportReport importFile(KnowledgeGraph kg, Path file, String format, String author) {
        String source = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            return switch (format) {
                case "oneedit-csv" -> oneEditCsv(kg, new java.io.InputStreamReader(in, StandardCharsets.UTF_8), source, author);
                case "yago-csv" -> yagoCsv(kg, new java.io.InputStreamReader(in, StandardCharsets.UTF_8), source, author);
                case "relation-library" -> relationLibrary(kg, in, source);
                case "phrasings" -> relationPhrasings(kg, in, source);
                case "ntriples", "turtle", "nt", "ttl" -> rdf(kg, in, RdfFormat.parse(format), source, author);
                default -> throw new KgException("expected a format oneedit-csv, yago-csv, relation-library, phrasings, "
                        + "ntriples or turtle, found '" + format + "'");
            };
        } catch (NoSuchFileException e) {
            throw new KgException("file not found: " + file);
        } catch (IOException e) {
            throw new KgException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
