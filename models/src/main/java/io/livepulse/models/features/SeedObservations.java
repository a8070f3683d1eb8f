package io.livepulse.models.features;

import io.livepulse.schemas.feature.WatchSession;

/**
 * How a closed session becomes one observation of each seed-model equation, measured as the simulator plants
 * them ({@code io.livepulse.models.simulation.PlantedCoefficients}): W in minutes, T = {@code k*log2(V)/R}
 * averaged over heartbeats, O the gifts sent (sum of giftCount), and
 *
 * <ul>
 *   <li><b>I</b> (in the fits) = chat and danmaku messages per minute of W. The feature
 *       {@code interactionsPerMinute} counts every interaction; the fits use chat alone because likes measure
 *       sigma and gifts are O, so counting them in I would put a regressor inside the response.
 *   <li><b>sigma</b>, the viewer's random propensity to interact, is measured per session as likes (sum of
 *       likeCount) per minute of W. It is a noisy measure of a per-viewer constant, so {@code alpha1} is biased
 *       towards 0 by the Poisson noise of short sessions (errors in variables); {@code alpha2} is not.
 * </ul>
 *
 * Both rates are {@link WatchSessions#perMinute}, the definition of I everywhere: events / max(W, 1 minute). The
 * floor keeps a visit of seconds from posting dozens of likes or messages a minute, and it is applied to sigma as to
 * I so that the interaction fit relates two rates measured alike (a short session's likes and chat are both counted
 * over one minute). Sessions without watch time are not fitted; the W equation also needs a heartbeat with valid V
 * and R.
 */
public final class SeedObservations {
    private SeedObservations() {}

    /** I in the fits: chat messages / max(W, 1 minute), per minute. */
    public static double chatPerMinute(WatchSession s) {
        return WatchSessions.perMinute(s.getChatMessages(), s.getWatchTimeMs());
    }

    /** sigma in the fits: likes / max(W, 1 minute), per minute. */
    public static double likesPerMinute(WatchSession s) {
        return WatchSessions.perMinute(s.getLikes(), s.getWatchTimeMs());
    }

    /** W = l1*T + l2*I + e; false (not fitted) for sessions without T or without watch time. */
    public static boolean addWatchTime(OnlineLeastSquares fit, WatchSession s, int weight) {
        return addWatchTime(fit, s.getTransmissionTerm() == null ? Double.NaN : s.getTransmissionTerm(),
                chatPerMinute(s), s.getWatchTimeMs(), weight);
    }

    /** As {@link #addWatchTime(OnlineLeastSquares, WatchSession, int)}, with T = NaN when unknown. */
    public static boolean addWatchTime(OnlineLeastSquares fit, double transmissionTerm, double chatPerMinute,
            long watchTimeMs, int weight) {
        if (Double.isNaN(transmissionTerm) || watchTimeMs <= 0) {
            return false;
        }
        fit.update(transmissionTerm, chatPerMinute, watchTimeMs / 60_000.0, weight);
        return true;
    }

    /** I = a1*sigma + a2*O + e'; false (not fitted) for sessions without watch time. */
    public static boolean addInteraction(OnlineLeastSquares fit, WatchSession s, int weight) {
        return addInteraction(fit, likesPerMinute(s), s.getGiftCount(), chatPerMinute(s), s.getWatchTimeMs(), weight);
    }

    /** As {@link #addInteraction(OnlineLeastSquares, WatchSession, int)}. */
    public static boolean addInteraction(OnlineLeastSquares fit, double likesPerMinute, long giftCount,
            double chatPerMinute, long watchTimeMs, int weight) {
        if (watchTimeMs <= 0) {
            return false;
        }
        fit.update(likesPerMinute, giftCount, chatPerMinute, weight);
        return true;
    }
}
