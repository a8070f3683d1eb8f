package io.livepulse.models.formula;

/**
 * The seed model of viewer behaviour that LivePulse measures and fits:
 *
 * <ul>
 *   <li>transmission term {@code T = k * log2(V) / R}, with V the video bitrate and R the measured bandwidth,
 *       both in kbit/s;
 *   <li>watch time {@code W = lambda1 * T + lambda2 * I + eps};
 *   <li>interaction frequency {@code I = alpha1 * sigma + alpha2 * O + eps'}, with O the gift count and sigma
 *       the viewer's random propensity to interact.
 * </ul>
 *
 * The simulator plants these, the streaming job fits them, and notebooks fit them offline: one definition.
 */
public final class SeedModel {
    private SeedModel() {}

    /**
     * {@code T = k * log2(V) / R}.
     *
     * @throws IllegalArgumentException unless V &gt; 0 and R &gt; 0 (finite)
     */
    public static double transmissionTerm(double k, double bitrateKbps, double bandwidthKbps) {
        if (!(bitrateKbps > 0) || !(bandwidthKbps > 0) || Double.isInfinite(bitrateKbps)
                || Double.isInfinite(bandwidthKbps)) {
            throw new IllegalArgumentException("V and R must be positive and finite, got V=" + bitrateKbps
                    + " R=" + bandwidthKbps);
        }
        return k * (Math.log(bitrateKbps) / Math.log(2)) / bandwidthKbps;
    }

    /** {@code lambda1 * T + lambda2 * I} (the expectation of W, without the noise). */
    public static double expectedWatchTime(double lambda1, double lambda2, double transmissionTerm, double interactionFrequency) {
        return lambda1 * transmissionTerm + lambda2 * interactionFrequency;
    }

    /** {@code alpha1 * sigma + alpha2 * O} (the expectation of I, without the noise). */
    public static double expectedInteraction(double alpha1, double alpha2, double sigma, double giftCount) {
        return alpha1 * sigma + alpha2 * giftCount;
    }
}
