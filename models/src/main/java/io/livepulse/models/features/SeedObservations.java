package io.livepulse.models.features;

import io.livepulse.schemas.feature.WatchSession;

/**
 * How a closed session becomes one observation of each seed-model equation (units: W in minutes, I in
 * interactions per minute, T as {@code k*log2(V)/R} with V, R in kbit/s, O in gifts).
 *
 * <p><b>sigma.</b> The seed's random factor sigma is the viewer's propensity to interact. It is not
 * observed, so it is measured as the constant 1: the fitted {@code alpha1} is then {@code alpha1 * E[sigma]},
 * the baseline interaction rate of a viewer who sends no gifts, and {@code alpha2} the added rate per gift.
 * When sigma is independent of O (as the simulator plants it) the estimate of {@code alpha2} is unbiased.
 */
public final class SeedObservations {
    /** The value sigma is measured as. */
    public static final double SIGMA = 1.0;

    private SeedObservations() {}

    /** W = l1*T + l2*I + e; false (not fitted) for sessions without T or without watch time. */
    public static boolean addWatchTime(OnlineLeastSquares fit, WatchSession s, int weight) {
        return addWatchTime(fit, s.getTransmissionTerm() == null ? Double.NaN : s.getTransmissionTerm(),
                s.getInteractionsPerMinute(), s.getWatchTimeMs(), weight);
    }

    /** As {@link #addWatchTime(OnlineLeastSquares, WatchSession, int)}, with T = NaN when unknown. */
    public static boolean addWatchTime(OnlineLeastSquares fit, double transmissionTerm, double interactionsPerMinute,
            long watchTimeMs, int weight) {
        if (Double.isNaN(transmissionTerm) || watchTimeMs <= 0) {
            return false;
        }
        fit.update(transmissionTerm, interactionsPerMinute, watchTimeMs / 60_000.0, weight);
        return true;
    }

    /** I = a1*sigma + a2*O + e'; false (not fitted) for sessions without watch time. */
    public static boolean addInteraction(OnlineLeastSquares fit, WatchSession s, int weight) {
        return addInteraction(fit, s.getGiftCount(), s.getInteractionsPerMinute(), s.getWatchTimeMs(), weight);
    }

    /** As {@link #addInteraction(OnlineLeastSquares, WatchSession, int)}. */
    public static boolean addInteraction(OnlineLeastSquares fit, long giftCount, double interactionsPerMinute,
            long watchTimeMs, int weight) {
        if (watchTimeMs <= 0) {
            return false;
        }
        fit.update(SIGMA, giftCount, interactionsPerMinute, weight);
        return true;
    }
}
