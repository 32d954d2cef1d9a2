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
