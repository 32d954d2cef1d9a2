package dev.concord.kg;

import java.util.Objects;

/**
 * The object position of a triple: either an entity (a local name such as {@code Melania_Trump})
 * or a typed literal (a year, a number, a plain string).
 */
public sealed interface Term permits Term.Entity, Term.Literal {

    String XSD = "http://www.w3.org/2001/XMLSchema#";
    String XSD_STRING = XSD + "string";

    /** The local name of an entity or the lexical form of a literal: what JSON carries. */
    String value();

    static Entity entity(String name) {
        return new Entity(name);
    }

    static Literal literal(String lexical, String datatypeIri) {
        return new Literal(lexical, datatypeIri);
    }

    static Literal string(String lexical) {
        return new Literal(lexical, XSD_STRING);
    }

    String XSD_DATE = XSD + "date";
    String XSD_GYEAR = XSD + "gYear";
    String XSD_INTEGER = XSD + "integer";
    String XSD_DECIMAL = XSD + "decimal";

    /**
     * The term a bare value from a CSV file or a JSON triple stands for: {@code 1961-08-04} is an
     * xsd:date, {@code 1790} an xsd:gYear, {@code -12} an xsd:integer, {@code 3.5} an
     * xsd:decimal, anything else an entity (spaces folded to {@code _}). Use it wherever text
     * becomes an object, so that lookups and imports agree.
     */
    static Term of(String value) {
        if (value == null) {
            throw new KgException("value must not be null");
        }
        String v = value.strip();
        if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return literal(v, XSD_DATE);
        }
        if (v.matches("\\d{4}")) {
            return literal(v, XSD_GYEAR);
        }
        if (v.matches("[-+]?\\d{1,18}")) {
            return literal(v, XSD_INTEGER);
        }
        if (v.matches("[-+]?\\d+\\.\\d+")) {
            return literal(v, XSD_DECIMAL);
        }
        return entity(v);
    }

    /** An entity named by its local name, spaces normalised to {@code _}. */
    record Entity(String name) implements Term {
        public Entity {
            name = Names.normalise(name);
        }

        @Override
        public String value() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A literal with its datatype IRI ({@code xsd:string} when none is given). */
    record Literal(String lexical, String datatype) implements Term {
        public Literal {
            Objects.requireNonNull(lexical, "lexical must not be null");
            datatype = datatype == null || datatype.isBlank() ? XSD_STRING : datatype;
        }

        @Override
        public String value() {
            return lexical;
        }

        @Override
        public String toString() {
            return datatype.equals(XSD_STRING) ? '"' + lexical + '"' : '"' + lexical + "\"^^<" + datatype + '>';
        }
    }
}
