package io.livepulse.training.sentiment;

import io.livepulse.models.sentiment.ChatNormalizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The three Chinese corpora (ChnSentiCorp hotel reviews, waimai_10k delivery reviews, online_shopping_10_cats product
 * reviews) pooled into one training set, each keeping its own untouched held-out split for evaluation. A training
 * text is dropped when it equals any held-out text of any of the three corpora, exactly or after normalising
 * ({@link ChatNormalizer}, then white space and punctuation removed): the corpora overlap (online_shopping's hotel
 * category and ChnSentiCorp are both hotel reviews; short reviews like "很好" recur), and a pooled model must not
 * have seen another corpus's test text.
 */
final class PooledChineseCorpora {
    static final List<SentimentCorpus> MEMBERS = List.of(SentimentCorpus.CHNSENTICORP, SentimentCorpus.WAIMAI,
            SentimentCorpus.ONLINE_SHOPPING);
    private static final Pattern NOT_CONTENT = Pattern.compile("[\\s\\p{P}\\p{S}]+");

    /**
     * @param train pooled training texts, overlap with every held-out split removed
     * @param held per corpus, its held-out texts (test split, or with {@code validation} its validation cut)
     * @param dropped training texts dropped because a held-out text of some corpus matched
     */
    record Pooled(List<LabeledText> train, Map<SentimentCorpus, List<LabeledText>> held, int dropped) {}

    private PooledChineseCorpora() {}

    /** The key two texts share when they are "the same" review. */
    static String key(String text) {
        return NOT_CONTENT.matcher(ChatNormalizer.normalize(text)).replaceAll("");
    }

    /**
     * Pools the training splits. With {@code validation} each corpus's validation cut is held out (and its test
     * split left out of training as well), so choices are made without looking at any test split.
     */
    static Pooled load(Path sharedData, boolean validation) throws IOException {
        var held = new LinkedHashMap<SentimentCorpus, List<LabeledText>>();
        var trainParts = new ArrayList<List<LabeledText>>();
        var blocked = new HashSet<String>();
        for (SentimentCorpus c : MEMBERS) {
            var split = c.load(sharedData, 0);
            addKeys(blocked, split.test());
            if (validation) {
                var cut = split.validation();
                addKeys(blocked, cut.test());
                held.put(c, cut.test());
                trainParts.add(cut.train());
            } else {
                held.put(c, split.test());
                trainParts.add(split.train());
            }
        }
        var train = new ArrayList<LabeledText>();
        int dropped = 0;
        for (var part : trainParts) {
            for (LabeledText t : part) {
                if (blocked.contains(t.text()) || blocked.contains(key(t.text()))) {
                    dropped++;
                } else {
                    train.add(t);
                }
            }
        }
        return new Pooled(List.copyOf(train), held, dropped);
    }

    private static void addKeys(Set<String> keys, List<LabeledText> rows) {
        for (LabeledText t : rows) {
            keys.add(t.text());
            keys.add(key(t.text()));
        }
    }
}
