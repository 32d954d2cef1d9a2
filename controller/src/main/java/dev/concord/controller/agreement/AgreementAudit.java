package dev.concord.controller.agreement;

import dev.concord.editor.KnowledgeEditor;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.RelationInfo;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;

import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Does the model say what the graph says? For graph facts whose relation has a prompt template, the
 * model's greedy completion of the relation's prompt for the subject is compared with the object's
 * label: the fact agrees when the completion's first sentence contains the label (case, accents and
 * punctuation aside), the generation-based success measure of the evaluation. Pure logic over a
 * graph and an editor; the caller serialises access to both.
 */
public final class AgreementAudit {

    /** Prompts completed per forward batch. */
    static final int BATCH = 16;

    /** One graph fact as the model is asked about it. */
    public record Fact(String subject, String relation, String object, String prompt, String expected) {
        public String key() {
            return subject + "|" + relation + "|" + object;
        }

        public Triple triple() {
            return new Triple(subject, relation, Term.of(object));
        }
    }

    /** The model's answer to one fact. */
    public record Result(Fact fact, String answer, boolean agrees) {
    }

    /** Agreement of one relation. */
    public record RelationScore(String relation, int checked, int agreeing, double agreement) {
    }

    /** A fact whose verdict or answer changed between two audits, and whether it was taught in between. */
    public record Change(Fact fact, String before, String after, boolean agreedBefore, boolean agreesNow,
                         boolean taught) {
    }

    /** One audit: when, which model, the facts checked and what the model answered. */
    public record Report(String model, Instant at, int checked, int agreeing, double agreement,
                         List<RelationScore> relations, List<Result> results) {

        public List<Result> disagreements() {
            return results.stream().filter(r -> !r.agrees()).toList();
        }
    }

    private AgreementAudit() {
    }

    /**
     * The facts to audit: every fact of a relation with a template (entity objects by their label,
     * literals by their value), or a seeded sample of {@code limit} of them (0 for all), ordered by
     * relation and subject.
     */
    public static List<Fact> facts(KnowledgeGraph kg, int limit, long seed) {
        List<Fact> all = new ArrayList<>();
        kg.executeRead(() -> {
            for (RelationInfo r : kg.relations()) {
                if (r.templates().isEmpty()) {
                    continue;
                }
                for (Triple t : kg.match(null, r.name(), null)) {
                    String expected = t.object() instanceof Term.Entity e ? kg.label(e.name()) : t.object().value();
                    all.add(new Fact(t.subject(), r.name(), t.object().value(), r.prompt(kg.label(t.subject())),
                            expected));
                }
            }
        });
        all.sort(Comparator.comparing(Fact::key));
        List<Fact> out = all;
        if (limit > 0 && all.size() > limit) {
            out = new ArrayList<>(all);
            Collections.shuffle(out, new Random(seed));
            out = new ArrayList<>(out.subList(0, limit));
        }
        out.sort(Comparator.comparing(Fact::relation).thenComparing(Fact::subject).thenComparing(Fact::object));
        return out;
    }

    /** Asks the model about each fact (greedy, {@code maxTokens} new tokens), in batches, with progress lines. */
    public static Report run(List<Fact> facts, KnowledgeEditor editor, int maxTokens, Consumer<String> progress) {
        List<Result> results = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < facts.size(); i += BATCH) {
            List<Fact> batch = facts.subList(i, Math.min(facts.size(), i + BATCH));
            List<String> answers = editor.model().generateAll(batch.stream().map(Fact::prompt).toList(), maxTokens);
            for (int j = 0; j < batch.size(); j++) {
                String a = answers.get(j).strip();
                results.add(new Result(batch.get(j), a, agrees(a, batch.get(j).expected())));
            }
            if (progress != null) {
                double s = (System.nanoTime() - t0) / 1e9;
                progress.accept(String.format(Locale.ROOT, "audit: %d/%d facts, %.0f s, agreement so far %.3f",
                        results.size(), facts.size(), s, share(results)));
            }
        }
        return report(editor.modelName(), results);
    }

    static Report report(String model, List<Result> results) {
        Map<String, int[]> per = new TreeMap<>();
        for (Result r : results) {
            int[] c = per.computeIfAbsent(r.fact().relation(), k -> new int[2]);
            c[0]++;
            c[1] += r.agrees() ? 1 : 0;
        }
        List<RelationScore> rel = new ArrayList<>();
        per.forEach((k, c) -> rel.add(new RelationScore(k, c[0], c[1], c[0] == 0 ? 0 : (double) c[1] / c[0])));
        int agreeing = (int) results.stream().filter(Result::agrees).count();
        return new Report(model, Instant.now(), results.size(), agreeing, share(results), rel, List.copyOf(results));
    }

    private static double share(List<Result> results) {
        return results.isEmpty() ? 0 : (double) results.stream().filter(Result::agrees).count() / results.size();
    }

    private static final java.util.regex.Pattern ISO_DATE = java.util.regex.Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december"};

    /**
     * Whether an answer's first sentence contains the expected label (normalised); an ISO date
     * (1946-06-14) also matches as "June 14, 1946" or "14 June 1946".
     */
    public static boolean agrees(String answer, String expected) {
        String want = normalise(expected);
        if (want.isEmpty()) {
            return false;
        }
        String first = answer;
        int stop = firstStop(answer);
        if (stop >= 0) {
            first = answer.substring(0, stop);
        }
        String got = " " + normalise(first) + " ";
        if (got.contains(" " + want + " ")) {
            return true;
        }
        java.util.regex.Matcher m = ISO_DATE.matcher(expected.strip());
        if (m.matches()) {
            int month = Integer.parseInt(m.group(2));
            int day = Integer.parseInt(m.group(3));
            if (month >= 1 && month <= 12) {
                String name = MONTHS[month - 1];
                return got.contains(" " + name + " " + day + " " + m.group(1) + " ")
                        || got.contains(" " + day + " " + name + " " + m.group(1) + " ");
            }
        }
        return false;
    }

    /** End of the first sentence: a newline, or a full stop not inside a number or an initial. */
    private static int firstStop(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                return i;
            }
            if (c == '.' && i + 1 < s.length() && Character.isWhitespace(s.charAt(i + 1)) && i >= 2
                    && Character.isLetterOrDigit(s.charAt(i - 1)) && Character.isLetterOrDigit(s.charAt(i - 2))) {
                return i;
            }
        }
        return -1;
    }

    /** Lower case, accents removed, underscores and punctuation as spaces, runs of spaces collapsed. */
    static String normalise(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return n.toLowerCase(Locale.ROOT).replace('_', ' ').replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    /**
     * What changed between two audits of the same facts: every fact (of both) whose verdict or answer
     * differs; {@code taught} marks the facts an edit in between wrote on purpose, so the rest is
     * collateral.
     */
    public static List<Change> compare(Report before, Report after, Set<String> taught) {
        Map<String, Result> old = new HashMap<>();
        before.results().forEach(r -> old.put(r.fact().key(), r));
        Map<String, Change> out = new LinkedHashMap<>();
        for (Result now : after.results()) {
            Result was = old.get(now.fact().key());
            if (was == null) {
                continue;
            }
            if (was.agrees() != now.agrees() || !was.answer().equals(now.answer())) {
                out.put(now.fact().key(), new Change(now.fact(), was.answer(), now.answer(), was.agrees(), now.agrees(),
                        taught.contains(now.fact().key())));
            }
        }
        return List.copyOf(out.values());
    }
}
