package io.livepulse.training.sentiment;

import io.livepulse.models.sentiment.CharNgramTokenizer;
import io.livepulse.models.sentiment.ChatNormalizer;
import io.livepulse.models.sentiment.Language;
import io.livepulse.models.sentiment.Tokenizer;
import io.livepulse.models.sentiment.WordNgramTokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Symbol ids for the neural model: characters for Chinese, words for English, after {@link ChatNormalizer}.
 * Id 0 pads, id 1 is any symbol not in the vocabulary.
 */
final class Vocabulary {
    static final int PAD = 0;
    static final int UNKNOWN = 1;

    private final Tokenizer symbols;
    private final Map<String, Integer> ids;
    private final List<String> byId;

    private Vocabulary(Tokenizer symbols, List<String> byId) {
        this.symbols = symbols;
        this.byId = byId;
        this.ids = new HashMap<>();
        for (int i = 0; i < byId.size(); i++) {
            ids.put(byId.get(i), i);
        }
    }

    static Tokenizer symbolsFor(Language language) {
        return language == Language.ZH ? new CharNgramTokenizer(1, 1) : new WordNgramTokenizer(1, 1);
    }

    /** The symbols seen at least twice in {@code texts}, most frequent first (ties alphabetically), capped. */
    static Vocabulary build(Language language, List<String> texts, int maxSize) {
        var symbols = symbolsFor(language);
        var counts = new HashMap<String, Integer>();
        for (String t : texts) {
            for (String s : symbols.tokenize(ChatNormalizer.normalize(t))) {
                counts.merge(s, 1, Integer::sum);
            }
        }
        var byId = new ArrayList<String>(List.of("<pad>", "<unk>"));
        counts.entrySet().stream()
                .filter(e -> e.getValue() >= 2)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(Math.max(0, maxSize - 2))
                .forEach(e -> byId.add(e.getKey()));
        return new Vocabulary(symbols, byId);
    }

    /** The {@code q} quantile of the texts' lengths in symbols (at least 8): longer texts are cut to it. */
    int percentileLength(List<String> texts, double q) {
        int[] lengths = texts.stream().mapToInt(t -> symbols.tokenize(ChatNormalizer.normalize(t)).size()).sorted()
                .toArray();
        return lengths.length == 0 ? 8 : Math.max(8, lengths[Math.min(lengths.length - 1, (int) (q * lengths.length))]);
    }

    int size() {
        return byId.size();
    }

    List<String> symbols() {
        return byId;
    }

    /** Ids of the first {@code maxLen} symbols, padded with {@link #PAD}. */
    float[] encode(String text, int maxLen) {
        float[] out = new float[maxLen];
        var syms = symbols.tokenize(ChatNormalizer.normalize(text));
        for (int i = 0; i < Math.min(maxLen, syms.size()); i++) {
            out[i] = ids.getOrDefault(syms.get(i), UNKNOWN);
        }
        return out;
    }
}
