package io.livepulse.notebooks;

import java.util.Arrays;
import java.util.Locale;

/**
 * A least-squares fit.
 *
 * @param coefficients estimates in regressor order
 * @param standardErrors standard error of each estimate
 * @param rSquared {@code 1 - SSR/SST} with SST about the mean of y
 * @param observations rows used
 * @param residuals {@code y - fitted} per input row; NaN for rows that were skipped
 */
public record LinearFit(double[] coefficients, double[] standardErrors, double rSquared, long observations,
        double[] residuals) {

    /** Coefficient {@code i}. */
    public double coefficient(int i) {
        return coefficients[i];
    }

    /** The residuals of the rows used. */
    public double[] usedResiduals() {
        return Arrays.stream(residuals).filter(Double::isFinite).toArray();
    }

    @Override
    public String toString() {
        var sb = new StringBuilder();
        for (int i = 0; i < coefficients.length; i++) {
            sb.append(String.format(Locale.ROOT, "b%d = %.4f (se %.4f)  ", i + 1, coefficients[i], standardErrors[i]));
        }
        return sb.append(String.format(Locale.ROOT, "R^2 = %.4f, n = %d", rSquared, observations)).toString();
    }
}
