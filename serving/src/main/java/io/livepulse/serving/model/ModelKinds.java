package io.livepulse.serving.model;

import io.livepulse.models.recommend.Recommenders;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.ModelRegistry.VerifiedModel;
import io.livepulse.models.sentiment.Language;
import io.livepulse.models.sentiment.SentimentModels;
import java.util.Locale;

/**
 * The artifact kinds this build can serve, by model family. A version of any other kind is rejected by the
 * watcher with the kind named, and the previous version keeps serving.
 */
public final class ModelKinds {
    private ModelKinds() {}

    /** Every recommender kind of {@link Recommenders}, as the ranker the evaluation measured. */
    public static ModelLoader<ServedRanker> recommenders() {
        return model -> new ServedRanker(model.manifest(), Recommenders.load(model));
    }

    /**
     * Every sentiment kind {@link SentimentModels#load} reads ({@link SentimentModels#KINDS}): TF-IDF linear (logistic
     * regression, naive Bayes), text CNN, encoder + dense head, encoder + token CNN, ensemble. An ensemble's members
     * are read from the registry that holds the ensemble's version ({@code <root>/<name>/<version>}).
     */
    public static ModelLoader<TextClassifier> sentiment() {
        return model -> new SentimentTextClassifier(SentimentModels.load(
                new ModelRegistry(model.dir().getParent().getParent()), model));
    }

    /** The language a text is routed to, as the streaming sentiment job routes it: {@code zh} or {@code en}. */
    public static String languageOf(String text) {
        return Language.of(text).name().toLowerCase(Locale.ROOT);
    }

    static IllegalArgumentException unknown(VerifiedModel model, String known) {
        return new IllegalArgumentException("unknown artifact kind '" + model.manifest().kind() + "' (this build reads: "
                + known + ")");
    }
}
