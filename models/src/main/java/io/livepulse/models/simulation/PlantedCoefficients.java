package io.livepulse.models.simulation;

/**
 * The seed-model coefficients the simulator plants, so that fits downstream can be checked against them.
 *
 * <p>Per viewing session: {@code T = k * log2(V) / R} (V, R in kbit/s), {@code I = alpha1 * sigma + alpha2 * O
 * + eps'} with {@code eps' ~ N(0, interactionNoiseSd)}, and {@code W = lambda1 * T + lambda2 * I + eps} with
 * {@code eps ~ N(0, watchNoiseSd)}. Units (see {@code ingestion/README.md}, "What the simulator plants"):
 * W in minutes, I in chat messages per minute watched, sigma in likes (sum of {@code likeCount}) per minute
 * watched, O in gifts
 * (sum of {@code giftCount}) sent in the session.
 */
public record PlantedCoefficients(
        double k,
        double lambda1,
        double lambda2,
        double alpha1,
        double alpha2,
        double watchNoiseSd,
        double interactionNoiseSd) {

    /** Defaults that give a mean session of about 31 minutes, as in the Twitch-100k log. */
    public static PlantedCoefficients defaults() {
        return new PlantedCoefficients(1_000.0, 14.0, 9.0, 0.8, 0.5, 6.0, 0.3);
    }

    public PlantedCoefficients {
        if (!(k > 0) || !(watchNoiseSd >= 0) || !(interactionNoiseSd >= 0)) {
            throw new IllegalArgumentException("k must be > 0 and the noise standard deviations >= 0");
        }
    }
}
