package dev.concord.editor.eval;

import dev.concord.editor.EditMethod;

/**
 * One line of the evaluation table: a method after T sequential edits (or one batch of T when
 * {@code batch}), averaged over the cases of every group; portability is NaN when no case had a
 * portability probe. {@code secondsPerEdit} is the mean wall time of one apply.
 */
public record EvalRow(EditMethod method, int edits, boolean batch, int cases, double reliability,
                      double generalisation, double locality, double portability, double greedy,
                      double secondsPerEdit) {
}
