package io.livepulse.serving.model;

import io.livepulse.models.registry.ModelManifest;
import io.livepulse.models.sentiment.SentimentModel;
import java.util.Locale;

/** Serves a registry sentiment model of any kind that {@link io.livepulse.models.sentiment.SentimentModels} reads. */
record SentimentTextClassifier(SentimentModel model) implements TextClassifier, AutoCloseable {

    @Override
    public ModelManifest manifest() {
        return model.manifest();
    }

    @Override
    public Sentiment classify(String text) {
        var s = model.score(text);
        return new Sentiment(s.label().name().toLowerCase(Locale.ROOT), s.score());
    }

    @Override
    public void close() {
        model.close();
    }
}
