package dev.concord.interpreter.linking;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Text normalisation shared by entity and relation linking.
 *
 * <p>A <em>label key</em> is what two spellings of the same name have in common: lower case,
 * accents removed, {@code _} and {@code -} read as spaces, every other punctuation mark dropped
 * ({@code Washington_D.C.} and {@code washington dc} share the key {@code washington dc}), spaces
 * collapsed, and one leading article ({@code the}, {@code a}, {@code an}) removed.
 *
 * <p>A <em>new local name</em> is what the interpreter calls an entity the graph does not know yet:
 * the mention trimmed, a leading article dropped, spaces collapsed into {@code _}, the user's
 * capitalisation kept; only a mention typed entirely in lower case is title-cased word by word, small words such as "of" kept
 * in lower case ({@code "alice smith"} becomes {@code Alice_Smith}, {@code "iPhone maker"} stays {@code iPhone_maker}).
 */
public final class Labels {

    /** Words a title-cased name keeps in lower case unless they come first ("John_of_Gaunt"). */
    private static final Set<String> SMALL_WORDS =
            Set.of("of", "the", "and", "de", "da", "du", "von", "van", "in", "on", "at", "for", "a", "an", "to", "la", "le", "del", "der");

    private Labels() {
    }

    /** The label key of a name or mention; empty when nothing but punctuation and articles remains. */
    public static String key(String text) {
        String s = text;
        if (!isAscii(s)) {
            s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        }
        StringBuilder out = new StringBuilder(s.length());
        boolean space = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(Character.toLowerCase(c));
                space = false;
            } else if (c == '_' || c == '-' || Character.isWhitespace(c)) {
                if (!space) {
                    out.append(' ');
                    space = true;
                }
            }
            // any other punctuation (. ' , " ( ) and so on) is dropped without a space
        }
        int end = out.length();
        if (end > 0 && out.charAt(end - 1) == ' ') {
            out.setLength(end - 1);
        }
        String key = out.toString();
        for (String article : new String[] {"the ", "a ", "an "}) {
            if (key.startsWith(article) && key.length() > article.length()) {
                return key.substring(article.length());
            }
        }
        return key;
    }

    /** A relation name read as words: {@code born_in} as "born in", {@code actedIn} as "acted in". */
    public static String relationWords(String relation) {
        StringBuilder out = new StringBuilder(relation.length() + 4);
        for (int i = 0; i < relation.length(); i++) {
            char c = relation.charAt(i);
            if (c == '_' || c == '-' || Character.isWhitespace(c)) {
                if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
            } else if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(relation.charAt(i - 1))) {
                out.append(' ').append(Character.toLowerCase(c));
            } else {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString().trim();
    }

    /** A phrase normalised for the phrase tables: lower case, single spaces, curly quotes straightened. */
    public static String phrase(String text) {
        return text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').trim().replaceAll("\\s+", " ");
    }

    /**
     * The local name for an entity the graph does not know (see the class comment); empty when
     * the mention holds no name.
     */
    public static String newLocalName(String mention) {
        String[] words = mention.trim().replace('\u2019', '\'').split("[\\s_]+");
        int start = 0;
        if (words.length > 1 && isArticle(words[0])) {
            start = 1;
        }
        boolean anyUpper = false;
        for (int i = start; i < words.length; i++) {
            if (!words[i].equals(words[i].toLowerCase(Locale.ROOT))) {
                anyUpper = true;
                break;
            }
        }
        StringBuilder out = new StringBuilder(mention.length());
        for (int i = start; i < words.length; i++) {
            String w = stripEdgeQuotes(words[i]);
            if (w.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append('_');
            }
            if (!anyUpper && (i == start || !SMALL_WORDS.contains(w))) {
                out.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
            } else {
                out.append(w);
            }
        }
        return out.toString();
    }

    public static boolean isArticle(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return w.equals("the") || w.equals("a") || w.equals("an");
    }

    private static String stripEdgeQuotes(String w) {
        int from = 0;
        int to = w.length();
        while (from < to && "\"'`\u201c\u201d".indexOf(w.charAt(from)) >= 0) {
            from++;
        }
        while (to > from && "\"`\u201c\u201d,;:".indexOf(w.charAt(to - 1)) >= 0) {
            to--;
        }
        return w.substring(from, to);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                return false;
            }
        }
        return true;
    }
}
