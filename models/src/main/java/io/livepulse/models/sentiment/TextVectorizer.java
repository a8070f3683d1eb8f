package io.livepulse.models.sentiment;

import java.util.Arrays;

/**
 * Text to hashed term counts: {@link ChatNormalizer} at the model's {@link ChatNormalizer.Level} then a
 * {@link Tokenizer} then the hashing trick into {@code numFeatures} buckets. Training (Spark) and scoring (plain
 * Java) both call this, so they see the same features by construction.
 */
public record TextVectorizer(Tokenizer tokenizer, int numFeatures, ChatNormalizer.Level normalization) {
    public TextVectorizer {
        if (numFeatures < 2) {
            throw new IllegalArgumentException("numFeatures must be >= 2, got " + numFeatures);
        }
        if (normalization == null) {
            throw new IllegalArgumentException("normalization must be given");
        }
    }

    /** A vectorizer with {@link ChatNormalizer.Level#BASIC} normalisation (every model before the chat level). */
    public TextVectorizer(Tokenizer tokenizer, int numFeatures) {
        this(tokenizer, numFeatures, ChatNormalizer.Level.BASIC);
    }

    public TermCounts vectorize(String text) {
        var tokens = tokenizer.tokenize(ChatNormalizer.normalize(text, normalization));
        int[] idx = new int[tokens.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = bucket(tokens.get(i), numFeatures);
        }
        Arrays.sort(idx);
        int distinct = 0;
        for (int i = 0; i < idx.length; i++) {
            if (i == 0 || idx[i] != idx[i - 1]) {
                distinct++;
            }
        }
        int[] indices = new int[distinct];
        double[] counts = new double[distinct];
        int k = -1;
        for (int i = 0; i < idx.length; i++) {
            if (i == 0 || idx[i] != idx[i - 1]) {
                indices[++k] = idx[i];
            }
            counts[k]++;
        }
        return new TermCounts(indices, counts);
    }

    /** The feature a term hashes to: String.hashCode (fixed by the JLS) through a murmur3 finaliser. */
    static int bucket(String term, int numFeatures) {
        int h = term.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, numFeatures);
    }
}
