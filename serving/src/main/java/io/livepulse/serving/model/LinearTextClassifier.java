package io.livepulse.serving.model;

import io.livepulse.models.registry.ModelManifest;
import io.livepulse.models.sentiment.LinearSentimentModel;
import java.util.Locale;

/** Serves a TF-IDF linear sentiment model (registry kind {@value LinearSentimentModel#KIND}). */
record LinearTextClassifier(ModelManifest manifest, LinearSentimentModel model) implements TextClassifier {

    @Override
    public Sentiment classify(String text) {
        var s = model.score(text);
        return new Sentiment(s.label().name().toLowerCase(Locale.ROOT), s.score());
    }
}
