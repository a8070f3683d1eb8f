package io.livepulse.models.sentiment;

import java.util.List;

/** Splits normalised text into the terms a model counts. */
public sealed interface Tokenizer permits CharNgramTokenizer, WordNgramTokenizer {

    List<String> tokenize(String normalizedText);

    /** A stable name written into model payloads, e.g. {@code char-ngram:1-2}. */
    String spec();

    /** The tokenizer a payload's {@link #spec()} names. */
    static Tokenizer fromSpec(String spec) {
        String[] parts = spec.split("[:\\-]");
        if (parts.length != 3) {
            throw new IllegalArgumentException("Tokenizer spec '" + spec + "' is not <kind>:<min>-<max>");
        }
        int min = Integer.parseInt(parts[1]);
        int max = Integer.parseInt(parts[2]);
        return switch (parts[0]) {
            case "char" -> new CharNgramTokenizer(min, max);
            case "word" -> new WordNgramTokenizer(min, max);
            default -> throw new IllegalArgumentException("Unknown tokenizer kind '" + parts[0] + "' in " + spec);
        };
    }

    /** Character n-grams for Chinese, word uni- and bigrams for English. */
    static Tokenizer forLanguage(Language language) {
        return language == Language.ZH ? new CharNgramTokenizer(1, 2) : new WordNgramTokenizer(1, 2);
    }
}
