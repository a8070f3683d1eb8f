package io.livepulse.notebooks;

/**
 * Ordinary least squares without an intercept, the form of the seed's models ({@code W = l1*T + l2*I + e},
 * {@code I = a1*sigma + a2*O + e'}); pass a column of ones to fit an intercept.
 */
public final class LeastSquares {
    private LeastSquares() {}

    /**
     * Fits {@code y = b1*x1 + ... + bp*xp + e}. Rows where {@code y} or any regressor is not finite are skipped.
     *
     * @throws IllegalArgumentException if lengths differ, there are no more usable rows than regressors, or the
     *     regressors are collinear
     */
    public static LinearFit fit(double[] y, double[]... regressors) {
        int p = regressors.length;
        if (p == 0) {
            throw new IllegalArgumentException("at least one regressor is needed");
        }
        for (double[] x : regressors) {
            if (x.length != y.length) {
                throw new IllegalArgumentException("every regressor needs " + y.length + " values, one has " + x.length);
            }
        }
        var usable = new boolean[y.length];
        int n = 0;
        for (int i = 0; i < y.length; i++) {
            boolean ok = Double.isFinite(y[i]);
            for (double[] x : regressors) {
                ok &= Double.isFinite(x[i]);
            }
            usable[i] = ok;
            n += ok ? 1 : 0;
        }
        if (n <= p) {
            throw new IllegalArgumentException(n + " usable rows cannot fit " + p + " coefficients");
        }
        var xtx = new double[p][p];
        var xty = new double[p];
        double sumY = 0;
        for (int i = 0; i < y.length; i++) {
            if (!usable[i]) {
                continue;
            }
            sumY += y[i];
            for (int a = 0; a < p; a++) {
                xty[a] += regressors[a][i] * y[i];
                for (int b = 0; b < p; b++) {
                    xtx[a][b] += regressors[a][i] * regressors[b][i];
                }
            }
        }
        double[][] inverse = invert(xtx);
        var beta = new double[p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                beta[a] += inverse[a][b] * xty[b];
            }
        }
        double meanY = sumY / n;
        double ssr = 0;
        double sst = 0;
        var residuals = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            if (!usable[i]) {
                residuals[i] = Double.NaN;
                continue;
            }
            double fitted = 0;
            for (int a = 0; a < p; a++) {
                fitted += beta[a] * regressors[a][i];
            }
            residuals[i] = y[i] - fitted;
            ssr += residuals[i] * residuals[i];
            sst += (y[i] - meanY) * (y[i] - meanY);
        }
        double variance = ssr / (n - p);
        var se = new double[p];
        for (int a = 0; a < p; a++) {
            se[a] = Math.sqrt(variance * inverse[a][a]);
        }
        double r2 = sst > 0 ? 1 - ssr / sst : Double.NaN;
        return new LinearFit(beta, se, r2, n, residuals);
    }

    /** Gauss-Jordan with partial pivoting. */
    static double[][] invert(double[][] m) {
        int p = m.length;
        var a = new double[p][2 * p];
        double scale = 0;
        for (int i = 0; i < p; i++) {
            System.arraycopy(m[i], 0, a[i], 0, p);
            a[i][p + i] = 1;
            for (int j = 0; j < p; j++) {
                scale = Math.max(scale, Math.abs(m[i][j]));
            }
        }
        for (int col = 0; col < p; col++) {
            int pivot = col;
            for (int r = col + 1; r < p; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][col]) <= 1e-12 * Math.max(scale, 1e-300)) {
                throw new IllegalArgumentException("the regressors are collinear (or one is all zeros)");
            }
            double[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            double d = a[col][col];
            for (int j = 0; j < 2 * p; j++) {
                a[col][j] /= d;
            }
            for (int r = 0; r < p; r++) {
                if (r != col && a[r][col] != 0) {
                    double f = a[r][col];
                    for (int j = 0; j < 2 * p; j++) {
                        a[r][j] -= f * a[col][j];
                    }
                }
            }
        }
        var inverse = new double[p][p];
        for (int i = 0; i < p; i++) {
            System.arraycopy(a[i], p, inverse[i], 0, p);
        }
        return inverse;
    }
}
