package io.livepulse.models.sentiment;

import java.io.Serializable;

/**
 * When a room's chat turns hostile: the alert rule, as a pure function of the room's baseline and one minute.
 *
 * <p>The baseline is an exponentially weighted moving average (EWMA, weight {@code alpha} on the newest minute)
 * of the room's per-minute negative share and an EW variance of it. A minute with {@code messages} messages of
 * which {@code negatives} are negative has share {@code s = negatives / messages} and
 * <pre>
 *   sd = max(stdFloor, sqrt(variance + mean * (1 - mean) / messages))   // baseline spread + sampling noise
 *   z  = (s - mean) / sd
 *   spike = messages >= minMessages and minutes >= warmupMinutes and z >= zThreshold and s - mean >= minLift
 * </pre>
 * A spike raises an alert unless the room alerted less than {@code cooldownMinutes} ago. Spiking minutes are not
 * folded into the baseline (an incident must not become the new normal); minutes below {@code minMessages} are
 * ignored entirely (too few messages to say anything).
 */
public record NegativeSpikeRule(double alpha, double zThreshold, int minMessages, double minLift, double stdFloor,
        int warmupMinutes, int cooldownMinutes) implements Serializable {

    public NegativeSpikeRule {
        if (alpha <= 0 || alpha > 1) {
            throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
        }
        if (minMessages < 1 || warmupMinutes < 0 || cooldownMinutes < 0 || stdFloor <= 0) {
            throw new IllegalArgumentException("minMessages >= 1, warmupMinutes >= 0, cooldownMinutes >= 0 and"
                    + " stdFloor > 0 are required");
        }
    }

    /** alpha 0.1, z >= 3, at least 20 messages, lift >= 0.15, sd floor 0.03, 10 warm-up minutes, 5 min cooldown. */
    public static NegativeSpikeRule defaults() {
        return new NegativeSpikeRule(0.1, 3.0, 20, 0.15, 0.03, 10, 5);
    }

    /**
     * A room's baseline.
     *
     * @param minutes minutes folded in so far
     * @param lastAlertMs window start of the last alert, or {@link Long#MIN_VALUE}
     */
    public record Baseline(double mean, double variance, int minutes, long lastAlertMs) implements Serializable {
        public static final Baseline EMPTY = new Baseline(0, 0, 0, Long.MIN_VALUE);
    }

    /** The outcome of one minute: the next baseline, whether to alert, and the evidence. */
    public record Decision(Baseline next, boolean alert, boolean spike, double share, double baselineShare,
            double zScore) {}

    public Decision evaluate(Baseline b, long windowStartMs, int messages, int negatives) {
        if (messages < minMessages) {
            double share = messages == 0 ? 0 : (double) negatives / messages;
            return new Decision(b, false, false, share, b.mean(), 0);
        }
        double share = (double) negatives / messages;
        if (b.minutes() == 0) {
            return new Decision(new Baseline(share, 0, 1, b.lastAlertMs()), false, false, share, share, 0);
        }
        double sd = Math.max(stdFloor, Math.sqrt(b.variance() + b.mean() * (1 - b.mean()) / messages));
        double z = (share - b.mean()) / sd;
        boolean spike = b.minutes() >= warmupMinutes && z >= zThreshold && share - b.mean() >= minLift;
        if (spike) {
            boolean cooled = b.lastAlertMs() == Long.MIN_VALUE
                    || windowStartMs - b.lastAlertMs() >= cooldownMinutes * 60_000L;
            var next = cooled ? new Baseline(b.mean(), b.variance(), b.minutes(), windowStartMs) : b;
            return new Decision(next, cooled, true, share, b.mean(), z);
        }
        double diff = share - b.mean();
        double incr = alpha * diff;
        var next = new Baseline(b.mean() + incr, (1 - alpha) * (b.variance() + diff * incr), b.minutes() + 1,
                b.lastAlertMs());
        return new Decision(next, false, false, share, b.mean(), z);
    }
}
