package io.livepulse.models.sentiment;

import java.util.ArrayList;
import java.util.List;

/**
 * Character n-grams (by code point) of the non-space characters, for Chinese, where words are not separated.
 * N-grams do not span a space, so an emoji set apart by {@link ChatNormalizer} stays a unigram of its own, and a
 * canonical token of {@link ChatNormalizer.Level#CHAT} ({@code <laugh>}) is one term, not its characters.
 */
public record CharNgramTokenizer(int minN, int maxN) implements Tokenizer {
    public CharNgramTokenizer {
        if (minN < 1 || maxN < minN) {
            throw new IllegalArgumentException("n-gram range must be 1 <= min <= max, got " + minN + "-" + maxN);
        }
    }

    @Override
    public List<String> tokenize(String normalizedText) {
        var out = new ArrayList<String>(normalizedText.length() * (maxN - minN + 1));
        for (String chunk : normalizedText.split("\\s+")) {
            if (ChatNormalizer.isCanonical(chunk)) {
                out.add(chunk);
                continue;
            }
            int[] offsets = chunk.codePoints().map(Character::charCount).toArray();
            int[] starts = new int[offsets.length + 1];
            for (int i = 0; i < offsets.length; i++) {
                starts[i + 1] = starts[i] + offsets[i];
            }
            for (int n = minN; n <= maxN; n++) {
                for (int i = 0; i + n <= offsets.length; i++) {
                    out.add(chunk.substring(starts[i], starts[i + n]));
                }
            }
        }
        return out;
    }

    @Override
    public String spec() {
        return "char:" + minN + "-" + maxN;
    }
}
