package dev.concord.editor.edit.stats;

import dev.concord.editor.EditorException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The projector onto the span of a symmetric matrix's small-eigenvalue eigenvectors: the null
 * space AlphaEdit projects its updates onto (arXiv 2410.02355, eq. 7). Symmetric eigendecomposition
 * by EJML, in float64.
 */
public final class NullSpace {

    /** P (n·n row-major), the number of eigenvectors kept, and the largest eigenvalue. */
    public record Result(double[] projector, int dimension, double largest) {
    }

    private NullSpace() {
    }

    /**
     * P = Σ uᵢuᵢᵀ over the eigenvectors of the symmetric {@code c} (n·n row-major) with eigenvalue
     * λᵢ ≤ relativeThreshold · max λ.
     */
    public static Result projector(double[] c, int n, double relativeThreshold) {
        if (c.length != (long) n * n) {
            throw new EditorException("expected a " + n + " x " + n + " matrix, found " + c.length + " values");
        }
        DMatrixRMaj m = DMatrixRMaj.wrap(n, n, c.clone());
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(m)) {
            throw new EditorException("symmetric eigendecomposition of a " + n + " x " + n + " matrix failed");
        }
        double largest = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            largest = Math.max(largest, eig.getEigenvalue(i).getReal());
        }
        double cut = relativeThreshold * largest;
        double[] p = new double[n * n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (eig.getEigenvalue(i).getReal() <= cut) {
                double[] u = eig.getEigenVector(i).data;
                for (int a = 0; a < n; a++) {
                    double ua = u[a];
                    if (ua == 0) {
                        continue;
                    }
                    int row = a * n;
                    for (int b = 0; b < n; b++) {
                        p[row + b] += ua * u[b];
                    }
                }
                kept++;
            }
        }
        return new Result(p, kept, largest);
    }
}
