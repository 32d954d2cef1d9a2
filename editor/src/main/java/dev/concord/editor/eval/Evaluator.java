package dev.concord.editor.eval;

import dev.concord.editor.EditMethod;
import dev.concord.editor.FactEdit;
import dev.concord.editor.KnowledgeEditor;
import dev.concord.editor.LanguageModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sequential-editing evaluation as EasyEdit runs it with {@code sequential_edit=True}: apply T
 * edits one after another, then measure every one of them on the model that carries all T
 * (reliability, generalisation, locality, portability, greedy exact match). The cases are split
 * into groups of T; after a group, its edits are rolled back (exactly) so the next group starts
 * from the base model. Locality compares each probe's argmax tokens with those of the unedited
 * model, computed once before any edit; probes that mention a subject edited in the same group are
 * left out (they are not unrelated to the edits).
 */
public final class Evaluator {
    private final KnowledgeEditor editor;
    private final Consumer<String> progress;
    /** New tokens of the greedy continuations behind fluency and generation success (they stop at a newline). */
    static final int GENERATION_TOKENS = 24;
    private final Map<EvalCase.Probe, long[]> baseline = new HashMap<>();
    private int counter;

    public Evaluator(KnowledgeEditor editor, Consumer<String> progress) {
        this.editor = editor;
        this.progress = progress == null ? s -> { } : progress;
    }

    /** Records the unedited model's predictions on every locality probe (call before any edit). */
    public void baseline(List<EvalCase> cases) {
        LanguageModel m = editor.model();
        for (EvalCase c : cases) {
            for (EvalCase.Probe p : c.locality()) {
                baseline.computeIfAbsent(p, q -> Metrics.predictions(m, q.prompt(), q.answer()));
            }
        }
    }

    /**
     * Evaluates {@code method} with groups of {@code t} edits over {@code cases} (whole groups
     * only); {@code batch} applies each group as one edit with t facts instead of t edits.
     */
    public EvalRow run(EditMethod method, int t, boolean batch, List<EvalCase> cases) {
        int groups = cases.size() / t;
        if (groups == 0) {
            throw new dev.concord.editor.EditorException("expected at least " + t + " cases for T=" + t
                    + ", found " + cases.size());
        }
        double rel = 0;
        double gen = 0;
        double loc = 0;
        double port = 0;
        double greedy = 0;
        int n = 0;
        int portN = 0;
        double seconds = 0;
        int applied = 0;
        double efficacy = 0;
        double paraphrase = 0;
        double neighbourhood = 0;
        int cfN = 0;
        int paraN = 0;
        int neighN = 0;
        double fluency = 0;
        int fluencyN = 0;
        double generated = 0;
        int generatedN = 0;
        for (int g = 0; g < groups; g++) {
            List<EvalCase> group = cases.subList(g * t, (g + 1) * t);
            List<String> ids = new ArrayList<>();
            if (batch) {
                String id = "eval-" + method + "-" + (++counter);
                long start = System.nanoTime();
                editor.apply(id, method, group.stream().map(EvalCase::edit).toList());
                seconds += (System.nanoTime() - start) / 1e9;
                applied++;
                ids.add(id);
            } else {
                for (EvalCase c : group) {
                    String id = "eval-" + method + "-" + (++counter);
                    long start = System.nanoTime();
                    editor.apply(id, method, List.of(c.edit()));
                    seconds += (System.nanoTime() - start) / 1e9;
                    applied++;
                    ids.add(id);
                }
            }
            LanguageModel m = editor.model();
            // a locality probe about a fact this group edits is not unrelated: leave it out
            java.util.Set<String> edited = new java.util.HashSet<>();
            for (EvalCase c : group) {
                edited.add(c.edit().subject());
            }
            for (EvalCase c : group) {
                FactEdit e = c.edit();
                rel += Metrics.tokenAccuracy(m, e.prompt(), e.target());
                gen += c.rephrases().isEmpty() ? 0 : c.rephrases().stream()
                        .mapToDouble(r -> Metrics.tokenAccuracy(m, r, e.target())).average().orElse(0);
                loc += c.locality().stream().filter(p -> edited.stream().noneMatch(p.prompt()::contains))
                        .mapToDouble(p -> Metrics.agreement(
                        Metrics.predictions(m, p.prompt(), p.answer()), baseline.computeIfAbsent(p,
                                q -> { throw new IllegalStateException("baseline() not called for " + q); })))
                        .average().orElse(1);
                if (!c.portability().isEmpty()) {
                    port += c.portability().stream()
                            .mapToDouble(p -> Metrics.tokenAccuracy(m, p.prompt(), p.answer())).average().orElse(0);
                    portN++;
                }
                greedy += Metrics.greedyMatch(m, e.prompt(), e.target()) ? 1 : 0;
                n++;
                if (c.groundTruth() != null && !c.groundTruth().isBlank() && !c.groundTruth().equals(e.target())) {
                    efficacy += Metrics.prefers(m, e.prompt(), e.target(), c.groundTruth()) ? 1 : 0;
                    cfN++;
                    for (String r : c.rephrases()) {
                        paraphrase += Metrics.prefers(m, r, e.target(), c.groundTruth()) ? 1 : 0;
                        paraN++;
                    }
                    List<String> prompts = new ArrayList<>();
                    prompts.add(e.prompt());
                    prompts.addAll(c.rephrases());
                    List<String> texts = m.generateAll(prompts, GENERATION_TOKENS);
                    for (int i = 0; i < texts.size(); i++) {
                        fluency += Metrics.ngramEntropy(prompts.get(i) + texts.get(i));
                        fluencyN++;
                        if (i > 0) {
                            generated += texts.get(i).toLowerCase(java.util.Locale.ROOT)
                                    .contains(e.target().toLowerCase(java.util.Locale.ROOT)) ? 1 : 0;
                            generatedN++;
                        }
                    }
                    for (EvalCase.Probe p : c.locality()) {
                        if (edited.stream().noneMatch(p.prompt()::contains) && !p.answer().equals(e.target())) {
                            neighbourhood += Metrics.prefers(m, p.prompt(), p.answer(), e.target()) ? 1 : 0;
                            neighN++;
                        }
                    }
                }
            }
            for (int i = ids.size() - 1; i >= 0; i--) {
                editor.rollback(ids.get(i));
            }
            progress.accept(String.format("%s T=%d%s: group %d/%d done (reliability so far %.3f)", method, t,
                    batch ? " batch" : "", g + 1, groups, rel / n));
        }
        return new EvalRow(method, t, batch, n, rel / n, gen / n, loc / n, portN == 0 ? Double.NaN : port / portN,
                greedy / n, seconds / applied, cfN == 0 ? Double.NaN : efficacy / cfN,
                paraN == 0 ? Double.NaN : paraphrase / paraN, neighN == 0 ? Double.NaN : neighbourhood / neighN,
                fluencyN == 0 ? Double.NaN : fluency / fluencyN, generatedN == 0 ? Double.NaN : generated / generatedN);
    }
}
