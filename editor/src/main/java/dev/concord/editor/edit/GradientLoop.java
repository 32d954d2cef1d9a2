package dev.concord.editor.edit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The optimisation loop the editing methods share: each step puts the parameters (flat float
 * arrays) into a fresh scope as tensors that need gradients, computes the loss, back-propagates,
 * stops once the watched value is below the threshold, and updates each parameter with its own
 * {@link Adam} (which skips a step whose gradient is not finite), then lets the caller project the
 * parameters (a clamp, a norm bound). FT-L/FT-M, GRACE and ROME's value optimisation use it.
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
     * @param skipped the most steps any parameter's Adam skipped for a non-finite gradient
     */
    public record Result(int steps, double watched, int skipped) {
        /** " (N skipped: non-finite gradient)" or "" for a progress line. */
        public String skippedNote() {
            return skipped > 0 ? " (" + skipped + " skipped: non-finite gradient)" : "";
        }
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
        if (params.size() != shapes.size()) {
            throw new IllegalArgumentException("expected a shape per parameter, found " + shapes.size() + " for "
                    + params.size());
        }
        List<Adam> adams = new ArrayList<>();
        for (float[] p : params) {
            adams.add(new Adam(p.length, lr));
        }
        double watched = Double.NaN;
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
                    gc.backward(loss.objective());
                }
                watched = loss.watched();
                if (watched < stopBelow) {
                    break;
                }
                for (int i = 0; i < params.size(); i++) {
                    adams.get(i).step(params.get(i), tensors.get(i).getGradient().toFloatArray());
                }
                if (afterUpdate != null) {
                    afterUpdate.accept(params);
                }
            }
        }
        return new Result(s, watched, adams.stream().mapToInt(Adam::skipped).max().orElse(0));
    }
}
