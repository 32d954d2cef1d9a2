package dev.concord.interpreter.linking;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises literal values in a mention: ISO dates ({@code 1946-06-14}), dates written out
 * ({@code June 14, 1946}, {@code 14 June 1946}, {@code 14th of June 1946}), years and plain
 * numbers ("the year 1790" is 1790). Dates come back in ISO form, the form the seed graph uses.
 */
public final class Literals {

    private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
    private static final Pattern MONTH_FIRST =
            Pattern.compile("([a-z]+)\\.? (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})");
    private static final Pattern DAY_FIRST =
            Pattern.compile("(?:the )?(\\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+)\\.?,? (\\d{4})");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");
    /** "the year 1790", "year 1790": the year alone. */
    private static final Pattern YEAR = Pattern.compile("(?:the )?year (?:of )?(\\d{1,4})");
    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("january", 1), Map.entry("jan", 1), Map.entry("february", 2), Map.entry("feb", 2),
            Map.entry("march", 3), Map.entry("mar", 3), Map.entry("april", 4), Map.entry("apr", 4),
            Map.entry("may", 5), Map.entry("june", 6), Map.entry("jun", 6), Map.entry("july", 7),
            Map.entry("jul", 7), Map.entry("august", 8), Map.entry("aug", 8), Map.entry("september", 9),
            Map.entry("sep", 9), Map.entry("sept", 9), Map.entry("october", 10), Map.entry("oct", 10),
            Map.entry("november", 11), Map.entry("nov", 11), Map.entry("december", 12), Map.entry("dec", 12));

    private Literals() {
    }

    /** The literal's lexical form when the whole mention is a date or a number. */
    public static Optional<String> parse(String mention) {
        String s = mention.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("-") && s.length() > 1 && Character.isDigit(s.charAt(1))) {
            return NUMBER.matcher(s).matches() ? Optional.of(s) : Optional.empty();
        }
        if (s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0))) {
            return Optional.empty();
        }
        Matcher year = YEAR.matcher(s);
        if (year.matches()) {
            return Optional.of(year.group(1));
        }
        char first = s.charAt(0);
        if (!Character.isDigit(first) && !MONTHS.containsKey(firstWord(s)) && !s.startsWith("the ")) {
            return Optional.empty();
        }
        if (s.startsWith("the ") && s.length() > 4 && !Character.isDigit(s.charAt(4))) {
            return Optional.empty();
        }
        if (NUMBER.matcher(s).matches()) {
            return Optional.of(s);
        }
        Matcher m = ISO.matcher(s);
        if (m.matches()) {
            return date(m.group(1), m.group(2), m.group(3));
        }
        m = MONTH_FIRST.matcher(s);
        if (m.matches() && MONTHS.containsKey(m.group(1))) {
            return date(m.group(3), String.valueOf(MONTHS.get(m.group(1))), m.group(2));
        }
        m = DAY_FIRST.matcher(s);
        if (m.matches() && MONTHS.containsKey(m.group(2))) {
            return date(m.group(3), String.valueOf(MONTHS.get(m.group(2))), m.group(1));
        }
        return Optional.empty();
    }

    /** Whether a name in a data file is a literal value rather than an entity (dates and numbers). */
    public static boolean isLiteralValue(String value) {
        return NUMBER.matcher(value).matches() || ISO.matcher(value).matches();
    }

    private static Optional<String> date(String year, String month, String day) {
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day)).toString());
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String firstWord(String s) {
        int space = s.indexOf(' ');
        String w = space < 0 ? s : s.substring(0, space);
        return w.endsWith(".") ? w.substring(0, w.length() - 1) : w;
    }
}
