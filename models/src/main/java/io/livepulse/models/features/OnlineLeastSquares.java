package io.livepulse.models.features;

import java.io.Serializable;
import java.util.Optional;

/**
 * Streaming least squares for {@code y = b1*x1 + b2*x2 + e} (no intercept, as in the seed model), kept as
 * sufficient statistics: the cross products of (x1, x2, y) and the sum and count of y.
 *
 * <p>It gives exactly the batch OLS solution after any sequence of updates (the recursive least squares
 * recursion without forgetting computes the same estimate), is independent of update order, and can remove
 * an observation again ({@code weight = -1}), which the Flink job needs when a late event amends a session.
 * Mutable; not thread-safe.
 */
public final class OnlineLeastSquares implements Serializable {
    private static final long serialVersionUID = 1L;

    private double s11;
    private double s12;
    private double s22;
    private double s1y;
    private double s2y;
    private double syy;
    private double sy;
    private long n;

    /** A fit: coefficients (b1, b2), their standard errors, R^2 and the number of observations. */
    public record Fit(double b1, double b2, double se1, double se2, double rSquared, long observations) {}

    /** Adds ({@code weight = 1}) or removes ({@code weight = -1}) one observation. */
    public void update(double x1, double x2, double y, int weight) {
        if (!Double.isFinite(x1) || !Double.isFinite(x2) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("observation must be finite: x1=" + x1 + " x2=" + x2 + " y=" + y);
        }
        s11 += weight * x1 * x1;
        s12 += weight * x1 * x2;
        s22 += weight * x2 * x2;
        s1y += weight * x1 * y;
        s2y += weight * x2 * y;
        syy += weight * y * y;
        sy += weight * y;
        n += weight;
    }

    /** The sufficient statistics, for storing in operator state; {@link #fromState} restores them. */
    public double[] state() {
        return new double[] {s11, s12, s22, s1y, s2y, syy, sy, n};
    }

    public static OnlineLeastSquares fromState(double[] state) {
        var ols = new OnlineLeastSquares();
        if (state != null) {
            ols.s11 = state[0];
            ols.s12 = state[1];
            ols.s22 = state[2];
            ols.s1y = state[3];
            ols.s2y = state[4];
            ols.syy = state[5];
            ols.sy = state[6];
            ols.n = (long) state[7];
        }
        return ols;
    }

    public long observations() {
        return n;
    }

    /**
     * The OLS estimate, or empty with fewer than 3 observations or when x1 and x2 are collinear. Standard
     * errors use the residual variance {@code RSS/(n-2)}; R^2 is {@code 1 - RSS/TSS} with TSS about the mean
     * of y (0 when y is constant).
     */
    public Optional<Fit> fit() {
        double det = s11 * s22 - s12 * s12;
        if (n < 3 || !(Math.abs(det) > 1e-12 * Math.max(1.0, s11 * s22))) {
            return Optional.empty();
        }
        double b1 = (s22 * s1y - s12 * s2y) / det;
        double b2 = (s11 * s2y - s12 * s1y) / det;
        double rss = Math.max(0.0, syy - 2 * (b1 * s1y + b2 * s2y) + b1 * b1 * s11 + 2 * b1 * b2 * s12 + b2 * b2 * s22);
        double sigma2 = rss / (n - 2);
        double se1 = Math.sqrt(sigma2 * s22 / det);
        double se2 = Math.sqrt(sigma2 * s11 / det);
        double tss = syy - sy * sy / n;
        double r2 = tss > 0 ? 1.0 - rss / tss : 0.0;
        return Optional.of(new Fit(b1, b2, se1, se2, r2, n));
    }
}
