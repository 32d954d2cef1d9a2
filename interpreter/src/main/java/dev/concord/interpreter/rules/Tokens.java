package dev.concord.interpreter.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A sentence split into tokens: {@code text} keeps what the person typed, {@code norm} is the
 * lower-case form the rules match. Punctuation that separates clauses becomes its own token;
 * the possessive {@code 's} is split off ({@code Trump's} is {@code Trump} {@code 's});
 * contractions are expanded ({@code who's} is {@code who is}, {@code isn't} is {@code is not}).
 * A period stays inside abbreviations and initials ({@code D.C.}, {@code Jr.}, {@code F.C.}).
 */
final class Tokens {

    static final String POSSESSIVE = "'s";

    private static final Map<String, String[]> CONTRACTIONS = Map.ofEntries(
            Map.entry("who's", new String[] {"who", "is"}), Map.entry("what's", new String[] {"what", "is"}),
            Map.entry("where's", new String[] {"where", "is"}), Map.entry("when's", new String[] {"when", "is"}),
            Map.entry("which's", new String[] {"which", "is"}), Map.entry("it's", new String[] {"it", "is"}),
            Map.entry("he's", new String[] {"he", "is"}), Map.entry("she's", new String[] {"she", "is"}),
            Map.entry("that's", new String[] {"that", "is"}), Map.entry("there's", new String[] {"there", "is"}),
            Map.entry("can't", new String[] {"can", "not"}), Map.entry("won't", new String[] {"will", "not"}),
            Map.entry("i'd", new String[] {"i", "would"}), Map.entry("i'm", new String[] {"i", "am"}),
            Map.entry("let's", new String[] {"let", "us"}));
    private static final Set<String> ABBREVIATIONS =
            Set.of("jr", "sr", "dr", "mr", "mrs", "ms", "st", "mt", "inc", "ltd", "co", "corp", "prof", "gen", "no", "vs");
    private static final String CLAUSE_PUNCT = ",;:!?";

    final String[] text;
    final String[] norm;

    private Tokens(List<String> text) {
        this.text = text.toArray(new String[0]);
        this.norm = new String[this.text.length];
        for (int i = 0; i < this.text.length; i++) {
            norm[i] = this.text[i].toLowerCase(Locale.ROOT);
        }
    }

    int size() {
        return text.length;
    }

    static Tokens of(String input) {
        String s = input.replace('\u2019', '\'').replace('\u2018', '\'').replace('\u201c', '"').replace('\u201d', '"');
        String[] words = s.trim().split("\\s+");
        List<String> out = new ArrayList<>(words.length + 4);
        for (int w = 0; w < words.length; w++) {
            String word = words[w];
            if (word.isEmpty()) {
                continue;
            }
            // leading quotes and brackets
            int from = 0;
            while (from < word.length() && "\"([{".indexOf(word.charAt(from)) >= 0) {
                from++;
            }
            word = word.substring(from);
            // trailing clause punctuation, quotes, brackets, and a sentence-ending period
            List<String> trailing = new ArrayList<>(2);
            boolean changed = true;
            while (!word.isEmpty() && changed) {
                changed = false;
                char last = word.charAt(word.length() - 1);
                if (CLAUSE_PUNCT.indexOf(last) >= 0) {
                    trailing.add(0, String.valueOf(last));
                    word = word.substring(0, word.length() - 1);
                    changed = true;
                } else if ("\")]}".indexOf(last) >= 0) {
                    word = word.substring(0, word.length() - 1);
                    changed = true;
                } else if (last == '.' && !isAbbreviation(word)) {
                    trailing.add(0, ".");
                    word = word.substring(0, word.length() - 1);
                    changed = true;
                }
            }
            if (!word.isEmpty()) {
                addWord(word, out);
            }
            out.addAll(trailing);
        }
        return new Tokens(out);
    }

    private static void addWord(String word, List<String> out) {
        String lower = word.toLowerCase(Locale.ROOT);
        String[] expansion = CONTRACTIONS.get(lower);
        if (expansion != null) {
            out.add(Character.isUpperCase(word.charAt(0)) ? capitalise(expansion[0]) : expansion[0]);
            out.add(expansion[1]);
        } else if (lower.endsWith("n't") && lower.length() > 3) {
            out.add(word.substring(0, word.length() - 3));
            out.add("not");
        } else if (lower.endsWith("'s") && lower.length() > 2) {
            out.add(word.substring(0, word.length() - 2));
            out.add(POSSESSIVE);
        } else if (lower.endsWith("s'") && lower.length() > 2 && Character.isUpperCase(word.charAt(0))) {
            out.add(word.substring(0, word.length() - 1));
            out.add(POSSESSIVE);
        } else if (lower.endsWith("'re") && lower.length() > 3) {
            out.add(word.substring(0, word.length() - 3));
            out.add("are");
        } else {
            out.add(word);
        }
    }

    /** Initials and abbreviations keep their period: D.C., A.F.C., J., Jr., St. */
    private static boolean isAbbreviation(String word) {
        String body = word.substring(0, word.length() - 1);
        if (body.isEmpty()) {
            return false;
        }
        if (body.indexOf('.') >= 0) {
            return true;
        }
        if (body.length() == 1 && Character.isUpperCase(body.charAt(0))) {
            return true;
        }
        return ABBREVIATIONS.contains(body.toLowerCase(Locale.ROOT)) && Character.isUpperCase(body.charAt(0));
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The words of a token span as typed, the possessive and clause punctuation attached without a space. */
    String join(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            String t = text[i];
            if (sb.length() > 0 && !t.equals(POSSESSIVE) && !(t.length() == 1 && ",;:.!?".contains(t))) {
                sb.append(' ');
            }
            sb.append(t);
        }
        return sb.toString();
    }

    /** The normalised words of a token span joined by single spaces (a phrase-table key). */
    String phrase(int from, int to) {
        if (to - from == 1) {
            return norm[from];
        }
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (i > from) {
                sb.append(' ');
            }
            sb.append(norm[i]);
        }
        return sb.toString();
    }
}
