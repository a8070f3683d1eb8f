package io.livepulse.models.sentiment;

import io.livepulse.models.registry.ModelManifest;
import java.util.List;
import java.util.function.Function;

/** A pure-Java kind (TF-IDF linear, text CNN) with its manifest: no native resources, nothing to close. */
record PlainSentimentModel(ModelManifest manifest, List<SentimentLabel> classes, SentimentScorer scorer,
        Function<String, double[]> probabilityFunction, Tokenizer tokenizer) implements SentimentModel {

    static PlainSentimentModel of(ModelManifest manifest, LinearSentimentModel model) {
        return new PlainSentimentModel(manifest, model.classes(), model,
                t -> model.probabilities(model.vectorizer().vectorize(t)), model.vectorizer().tokenizer());
    }

    static PlainSentimentModel of(ModelManifest manifest, TextCnnModel model) {
        return new PlainSentimentModel(manifest, model.classes(), model, model::probabilities, model.symbols());
    }

    @Override
    public double[] probabilities(String text) {
        return probabilityFunction.apply(text);
    }

    @Override
    public Sentiment score(String text) {
        return scorer.score(text);
    }

    @Override
    public int tokenCount(String text) {
        return tokenizer.tokenize(ChatNormalizer.normalize(text)).size();
    }

    @Override
    public boolean runsEncoder() {
        return false;
    }
}
