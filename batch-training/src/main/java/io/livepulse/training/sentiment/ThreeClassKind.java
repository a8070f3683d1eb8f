package io.livepulse.training.sentiment;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.Language;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One model kind of the three-class experiment ({@link ThreeClassExperiment}): it supplies only its training and its
 * export. Splits, the combination of corpora it is given, metrics, calibration, results, the registry write and the
 * champion choice belong to the experiment.
 */
interface ThreeClassKind {
    /** The registry name's last part: {@code sentiment-<zh|en>-3c-<suffix>}. */
    String suffix();

    /**
     * Whether scoring a text is expensive (it runs a pre-trained encoder): then the experiment scores the two-class
     * corpora's validation and test splits on a seeded sample of {@link ThreeClassExperiment#EXPENSIVE_SAMPLE} rows.
     */
    boolean expensive();

    /**
     * Trains on {@code data}; {@code earlier} are the candidates of the same language trained before this one in the
     * same run (their training finished, still open), for kinds built from other models.
     */
    Trained train(ThreeClassExperiment.TrainingData data, List<ThreeClassExperiment.Candidate> earlier)
            throws IOException;

    /** A trained, not yet calibrated model, open until the experiment ends. */
    interface Trained extends AutoCloseable {
        /** Class probabilities (negative, neutral, positive), before calibration, of every row of {@code part}. */
        double[][] probabilities(ThreeClassExperiment.Part part) throws IOException;

        /** Hyper-parameters and what was learned, for the manifest and the results. */
        Map<String, Object> params();

        /** How the kind used the two-class corpora (documented in the manifest). */
        String combination();

        /** Rows trained on. */
        int trainExamples();

        /**
         * The model whose probabilities are {@link #probabilities} at {@code temperature} (logits / T), in a kind
         * {@link io.livepulse.models.sentiment.SentimentModels#load} serves.
         */
        Export export(double temperature);

        @Override
        default void close() {}
    }

    /**
     * @param registryKind the manifest kind, one of {@link io.livepulse.models.sentiment.SentimentModels#KINDS}
     * @param payload writes the payload files into the version directory being built
     */
    record Export(String registryKind, ModelRegistry.PayloadWriter payload) {}

    /** The registry name of a kind's model of {@code language}. */
    static String modelName(Language language, String suffix) {
        return "sentiment-" + language.name().toLowerCase(java.util.Locale.ROOT) + "-3c-" + suffix;
    }
}
