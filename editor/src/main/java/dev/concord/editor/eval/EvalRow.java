package dev.concord.editor.eval;

import dev.concord.editor.EditMethod;

/**
 * One line of the evaluation table: a method after T sequential edits (or one batch of T when
 * {@code batch}), averaged over the cases of every group; portability is NaN when no case had a
 * portability probe. {@code secondsPerEdit} is the mean wall time of one apply.
 *
 * <p>The CounterFact scores of the ROME paper (Meng et al. 2022, section 4.2), NaN where the cases
 * carry no true object: {@code efficacy} = share of edit prompts where the new object is more
 * probable than the true one; {@code paraphrase} = the same on the rephrased prompts;
 * {@code neighbourhood} = share of neighbourhood (locality) prompts where their own answer stays
 * more probable than the new object. Probabilities are the mean per-token log-probability of each
 * object after the prompt, as the paper's code compares them. {@code fluency} is the paper's
 * generation entropy (weighted 2- and 3-gram entropy, bits, of the greedy continuations of the edit
 * and rephrased prompts; lower means repetitive text) and {@code generationSuccess} the share of
 * rephrased prompts whose greedy continuation contains the new object (teacher-forced scores
 * overstate what a user sees, arXiv 2502.11177); both NaN without CounterFact data.
 */
public record EvalRow(EditMethod method, int edits, boolean batch, int cases, double reliability,
                      double generalisation, double locality, double portability, double greedy,
                      double secondsPerEdit, double efficacy, double paraphrase, double neighbourhood,
                      double fluency, double generationSuccess) {

    /** A row without CounterFact scores. */
    public EvalRow(EditMethod method, int edits, boolean batch, int cases, double reliability, double generalisation,
                   double locality, double portability, double greedy, double secondsPerEdit) {
        this(method, edits, batch, cases, reliability, generalisation, locality, portability, greedy, secondsPerEdit,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
}
