package io.livepulse.models.sentiment;

import io.livepulse.models.registry.ModelManifest;
import java.util.List;

/**
 * A sentiment model read from the registry, whatever its kind: the one type that serving, the streaming job, the
 * benchmark and the ensemble hold. Get one with {@link SentimentModels#load}. Thread-safe; the encoder-backed kinds
 * hold native onnxruntime and tokenizer resources, so close a model once nothing scores with it any more.
 */
public interface SentimentModel extends SentimentScorer, AutoCloseable {

    /** Name, version, kind, parameters and evaluation metrics, as the training job wrote them. */
    ModelManifest manifest();

    /** The label of each class index. */
    List<SentimentLabel> classes();

    /** Class probabilities of one text, indexed like {@link #classes()}. */
    double[] probabilities(String text);

    /** The label and polarity that the training job's evaluation computes for this text. */
    @Override
    Sentiment score(String text);

    /** Scores many texts, in order (the encoder-backed kinds encode them in batches). */
    default List<Sentiment> scoreAll(List<String> texts) {
        return texts.stream().map(this::score).toList();
    }

    /**
     * How many tokens the model's own tokenisers make of {@code text}, normalised as the model reads it: the part of
     * scoring that needs no weights, measured beside the scorer by {@code train sentiment-bench}.
     */
    int tokenCount(String text);

    /** Whether scoring runs a pre-trained transformer encoder (hundreds of times slower than the pure-Java kinds). */
    boolean runsEncoder();

    /** Releases native resources, if the kind holds any; never throws. */
    @Override
    default void close() {}
}
