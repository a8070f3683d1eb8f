package io.livepulse.models.sentiment;

import java.util.EnumMap;
import java.util.Map;

/** Routes each text by {@link Language#of(String)} to that language's scorer. */
public final class RoutedSentimentScorer implements SentimentScorer {
    private final Map<Language, SentimentScorer> byLanguage;

    /** @param byLanguage a scorer for every {@link Language} */
    public RoutedSentimentScorer(Map<Language, ? extends SentimentScorer> byLanguage) {
        for (Language l : Language.values()) {
            if (!byLanguage.containsKey(l)) {
                throw new IllegalArgumentException("No sentiment scorer for " + l + "; give one per language");
            }
        }
        this.byLanguage = new EnumMap<>(byLanguage);
    }

    @Override
    public Sentiment score(String text) {
        return byLanguage.get(Language.of(text)).score(text);
    }
}
