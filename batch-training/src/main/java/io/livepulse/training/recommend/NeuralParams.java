package io.livepulse.training.recommend;

import java.util.Map;

/**
 * Parameters of the neural next-streamer model.
 *
 * @param vocabulary streamers the model can output: the most popular in training
 * @param hidden width of the ReLU hidden layer
 * @param epochs passes over the examples
 * @param maxExamples cap on training examples (the most recent ones are kept)
 * @param batchSize examples per gradient step
 * @param learningRate Adam learning rate
 * @param seed weight initialisation and shuffling seed
 */
record NeuralParams(int vocabulary, int hidden, int epochs, int maxExamples, int batchSize, double learningRate,
        long seed) {
    static NeuralParams defaults() {
        return new NeuralParams(2000, 64, 3, 300_000, 1024, 0.005, 42L);
    }

    Map<String, Object> asMap() {
        return Map.of("vocabulary", vocabulary, "hidden", hidden, "epochs", epochs, "maxExamples", maxExamples,
                "batchSize", batchSize, "learningRate", learningRate, "seed", seed, "recencyDecay",
                io.livepulse.models.recommend.NextStreamerNet.RECENCY_DECAY);
    }
}
