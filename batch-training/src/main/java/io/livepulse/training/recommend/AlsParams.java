package io.livepulse.training.recommend;

/**
 * Parameters of one ALS run.
 *
 * @param weighting how W and I become the preference strength
 * @param rank number of latent factors
 * @param regParam L2 regularisation
 * @param alpha confidence scale: c = 1 + alpha * r
 * @param iterations alternating least-squares sweeps
 * @param seed seed of the factor initialisation
 */
record AlsParams(Feedback.Weighting weighting, int rank, double regParam, double alpha, int iterations, long seed) {
    static AlsParams defaults(Feedback.Weighting weighting) {
        return new AlsParams(weighting, 32, 0.1, 10.0, 10, 42L);
    }

    AlsParams with(int newRank, double newAlpha, double newRegParam, int newIterations) {
        return new AlsParams(weighting, newRank, newRegParam, newAlpha, newIterations, seed);
    }

    java.util.Map<String, Object> asMap() {
        return java.util.Map.of("weighting", weighting.id(), "rank", rank, "regParam", regParam, "alpha", alpha,
                "iterations", iterations, "seed", seed);
    }
}
