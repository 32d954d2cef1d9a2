package dev.concord.editor.edit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntToDoubleFunction;

/**
 * The optimisation loop the editing methods share: each step puts the parameters (flat float
 * arrays) into a fresh scope as tensors that need gradients, computes the loss, back-propagates,
 * stops once the watched value is below the threshold, and updates each parameter with its own
 * {@link Adam} (which skips a step whose gradient is not finite), then lets the caller project the
 * parameters (a clamp, a norm bound) or stop. FT-L/FT-M, GRACE, ROME's value optimisation and the demo
 * trainer (with a learning-rate schedule, global gradient-norm clipping and β₂ 0.98) use it.
 */
public final class GradientLoop {

    private GradientLoop() {
    }

    /** One step's loss over the parameters' tensors (in {@code scope}, requiring gradients). */
    @FunctionalInterface
    public interface Step {
        Loss loss(NDManager scope, List<NDArray> params, int step);
    }

    /**
     * The tensor to differentiate and the value compared with the stop threshold (the objective's own
     * value, or a part of it: ROME stops on the NLL while it also minimises a KL term).
     */
    public record Loss(NDArray objective, double watched) {
        /** The objective, watched itself. */
        public static Loss of(NDArray objective) {
            return new Loss(objective, objective.getFloat());
        }
    }

    /**
     * @param steps   steps taken (the step that reached the threshold is not counted: it did not update)
     * @param watched the last watched value (NaN when no step ran)
     * @param skipped the most steps any parameter's Adam skipped for a non-finite gradient, plus the
     *                steps dropped whole (with {@link Options#abortAfterBad()})
     */
    public record Result(int steps, double watched, int skipped) {
        /** " (N skipped: non-finite gradient)" or "" for a progress line. */
        public String skippedNote() {
            return skipped > 0 ? " (" + skipped + " skipped: non-finite gradient)" : "";
        }
    }

    /** What an observer sees after each update. */
    public record Progress(int step, double watched, double gradNorm, double lrScale) {
    }

    /** Called after each update with the parameters; answers true to stop (a projection answers false). */
    @FunctionalInterface
    public interface Observer {
        boolean afterUpdate(List<float[]> params, Progress progress);
    }

    /**
     * The optimiser's settings beyond the learning rate.
     *
     * @param beta2          Adam's β₂
     * @param schedule       the learning rate's factor at a step (1-based)
     * @param clipNorm       the gradients (all parameters together) are scaled down to at most this norm; 0: never
     * @param abortAfterBad  this many consecutive steps with a non-finite loss or gradient abort the run
     *                       with an {@link ArithmeticException}; 0: never (each bad step is skipped)
     */
    public record Options(double beta2, IntToDoubleFunction schedule, double clipNorm, int abortAfterBad) {
        /** The editing methods' settings: β₂ 0.999, a constant rate, no clipping, never abort. */
        public static final Options EDITING = new Options(0.999, step -> 1.0, 0, 0);
    }

    /**
     * Runs at most {@code maxSteps} steps over {@code params} (updated in place).
     *
     * @param base        the manager the step scopes are made under
     * @param params      the parameters, flat
     * @param shapes      each parameter's tensor shape
     * @param lr          Adam's learning rate
     * @param stopBelow   stop once the watched value is below this
     * @param step        the loss
     * @param afterUpdate called after each update with the parameters (a projection), or null
     */
    public static Result run(NDManager base, List<float[]> params, List<Shape> shapes, double lr, int maxSteps,
                             double stopBelow, Step step, Consumer<List<float[]>> afterUpdate) {
        return run(base, params, shapes, lr, maxSteps, stopBelow, Options.EDITING, step,
                afterUpdate == null ? null : (ps, progress) -> {
                    afterUpdate.accept(ps);
                    return false;
                });
    }

    /** As above with the optimiser's {@code options}; the observer may stop the run. */
    public static Result run(NDManager base, List<float[]> params, List<Shape> shapes, double lr, int maxSteps,
                             double stopBelow, Options options, Step step, Observer observer) {
        if (params.size() != shapes.size()) {
            throw new IllegalArgumentException("expected a shape per parameter, found " + shapes.size() + " for "
                    + params.size());
        }
        List<Adam> adams = new ArrayList<>();
        for (float[] p : params) {
            adams.add(new Adam(p.length, lr, options.beta2()));
        }
        double watched = Double.NaN;
        int bad = 0;
        int dropped = 0;
        int s = 0;
        for (; s < maxSteps; s++) {
            try (NDManager scope = base.newSubManager()) {
                List<NDArray> tensors = new ArrayList<>();
                for (int i = 0; i < params.size(); i++) {
                    NDArray p = scope.create(params.get(i), shapes.get(i));
                    p.setRequiresGradient(true);
                    tensors.add(p);
                }
                Loss loss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    loss = step.loss(scope, tensors, s);
                    watched = loss.watched();
                    if (watched < stopBelow) {
                        break; // no update follows: the backward pass would be wasted
                    }
                    gc.backward(loss.objective());
                }
                List<float[]> grads = new ArrayList<>();
                double sq = 0;
                for (NDArray t : tensors) {
                    float[] g = t.getGradient().toFloatArray();
                    grads.add(g);
                    for (float x : g) {
                        sq += (double) x * x;
                    }
                }
                double norm = Math.sqrt(sq);
                if (options.abortAfterBad() > 0) {
                    if (!Double.isFinite(watched) || !Double.isFinite(norm)) {
                        if (++bad >= options.abortAfterBad()) {
                            throw new ArithmeticException("expected finite loss and gradients but found loss " + watched
                                    + ", gradient norm " + norm + " for " + bad + " steps up to step " + (s + 1));
                        }
                        dropped++;
                        continue;
                    }
                    bad = 0;
                }
                double gradScale = options.clipNorm() > 0 ? Math.min(1.0, options.clipNorm() / (norm + 1e-6)) : 1.0;
                double lrScale = options.schedule().applyAsDouble(s + 1);
                for (int i = 0; i < params.size(); i++) {
                    adams.get(i).step(params.get(i), grads.get(i), gradScale, lrScale);
                }
                if (observer != null && observer.afterUpdate(params, new Progress(s + 1, watched, norm, lrScale))) {
                    s++;
                    break;
                }
            }
        }
        return new Result(s, watched, dropped + adams.stream().mapToInt(Adam::skipped).max().orElse(0));
    }
}
