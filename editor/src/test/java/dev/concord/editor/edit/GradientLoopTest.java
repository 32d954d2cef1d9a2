package dev.concord.editor.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared optimisation loop on losses whose Adam steps are known by hand. */
class GradientLoopTest {

    @Test
    void threeStepsFollowAdamsRecurrences() {
        // loss (p0 - 3)^2 + (p1 + 2)^2, three Adam steps from 0 at lr 0.1; reference values from numpy:
        //   m = .9m + .1g; v = .999v + .001g^2; p -= lr * (m / (1 - .9^t)) / (sqrt(v / (1 - .999^t)) + 1e-8)
        float[] p = {0f, 0f};
        try (NDManager m = NDManager.newBaseManager()) {
            GradientLoop.Result r = GradientLoop.run(m, List.of(p), List.of(new Shape(2)), 0.1, 3, -1,
                    (scope, ps, step) -> {
                        NDArray target = scope.create(new float[] {3f, -2f});
                        return GradientLoop.Loss.of(ps.get(0).sub(target).pow(2).sum());
                    }, null);
            assertEquals(3, r.steps());
            assertEquals(0.29961848, p[0], 1e-6);
            assertEquals(-0.29937661, p[1], 1e-6);
            assertEquals(0, r.skipped());
        }
    }

    @Test
    void stopsBelowTheThresholdProjectsAfterEachUpdateAndSkipsNonFiniteGradients() {
        float[] a = {0f};
        float[] b = {0f};
        List<Integer> projected = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            GradientLoop.Result r = GradientLoop.run(m, List.of(a, b), List.of(new Shape(1), new Shape(1)), 0.5, 50, 0.01,
                    (scope, ps, step) -> {
                        // b's gradient is NaN on step 1: its Adam skips that step, a's does not
                        NDArray bTerm = step == 1 ? ps.get(1).mul(Float.NaN) : ps.get(1).sub(1f).pow(2);
                        NDArray objective = ps.get(0).sub(1f).pow(2).sum().add(bTerm.sum());
                        return new GradientLoop.Loss(objective, ps.get(0).sub(1f).pow(2).sum().getFloat());
                    },
                    ps -> {
                        projected.add(projected.size());
                        ps.get(0)[0] = Math.min(ps.get(0)[0], 0.9f); // a projection: never above 0.9
                    });
            assertEquals(1, r.skipped());
            assertTrue(Float.isFinite(b[0]), "a NaN gradient did not reach the parameter");
            assertTrue(a[0] <= 0.9f);
            assertEquals(r.steps(), projected.size(), "one projection per update");
            assertTrue(r.watched() >= 0.01, "(a - 1)^2 cannot go below 0.01 with a at most 0.9: ran all steps");
            assertEquals(50, r.steps());
        }
        float[] c = {0f};
        try (NDManager m = NDManager.newBaseManager()) {
            GradientLoop.Result r = GradientLoop.run(m, List.of(c), List.of(new Shape(1)), 0.5, 50, 0.5,
                    (scope, ps, step) -> GradientLoop.Loss.of(ps.get(0).sub(1f).pow(2).sum()), null);
            assertEquals(1, r.steps(), "loss 1 at 0, 0.25 after one step of 0.5: stops before a second update");
            assertEquals(0.25, r.watched(), 1e-6);
        }
    }

    @Test
    void scheduleClippingAndBeta2FollowNumpyAndAnObserverStops() {
        // the same loss, beta2 0.98, the rate's factor 1/step, gradients clipped to norm 1; numpy reference:
        //   g *= min(1, 1 / (|g| + 1e-6)); m = .9m + .1g; v = .98v + .02g^2; p -= (.1 / t) * m^ / (sqrt(v^) + 1e-8)
        float[] p = {0f, 0f};
        GradientLoop.Options options = new GradientLoop.Options(0.98, step -> 1.0 / step, 1.0, 3);
        List<Double> norms = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            GradientLoop.Result r = GradientLoop.run(m, List.of(p), List.of(new Shape(2)), 0.1, 10,
                    Double.NEGATIVE_INFINITY, options, (scope, ps, step) -> {
                        NDArray target = scope.create(new float[] {3f, -2f});
                        return GradientLoop.Loss.of(ps.get(0).sub(target).pow(2).sum());
                    }, (ps, progress) -> {
                        norms.add(progress.gradNorm());
                        return progress.step() == 3;
                    });
            assertEquals(3, r.steps(), "the observer stopped after the third update");
            assertEquals(0.18334614, p[0], 1e-6);
            assertEquals(-0.18330108, p[1], 1e-6);
            assertEquals(Math.sqrt(36 + 16), norms.get(0), 1e-5, "the unclipped norm is reported");
        }
        float[] q = {0f};
        try (NDManager m = NDManager.newBaseManager()) {
            ArithmeticException e = org.junit.jupiter.api.Assertions.assertThrows(ArithmeticException.class,
                    () -> GradientLoop.run(m, List.of(q), List.of(new Shape(1)), 0.1, 10, Double.NEGATIVE_INFINITY,
                            options, (scope, ps, step) -> GradientLoop.Loss.of(ps.get(0).mul(Float.NaN).sum()), null));
            assertTrue(e.getMessage().contains("for 3 steps"), e.getMessage());
            assertEquals(0f, q[0], "dropped steps leave the parameter as it was");
        }
    }
}
