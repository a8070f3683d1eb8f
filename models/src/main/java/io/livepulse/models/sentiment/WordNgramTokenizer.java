package io.livepulse.models.sentiment;

import java.util.ArrayList;
import java.util.List;

/**
 * Word n-grams for English chat: words are runs of letters, digits and apostrophes; "!" and "?" and every other
 * non-space symbol (emoji included) are words of their own, a {@link ChatNormalizer.Canon} token ({@code <laugh>})
 * is one word; n-grams of words are joined by a space.
 */
public record WordNgramTokenizer(int minN, int maxN) implements Tokenizer {
    public WordNgramTokenizer {
        if (minN < 1 || maxN < minN) {
            throw new IllegalArgumentException("n-gram range must be 1 <= min <= max, got " + minN + "-" + maxN);
        }
    }

    @Override
    public List<String> tokenize(String normalizedText) {
        var words = words(normalizedText);
        var out = new ArrayList<String>(words.size() * (maxN - minN + 1));
        for (int n = minN; n <= maxN; n++) {
            for (int i = 0; i + n <= words.size(); i++) {
                out.add(n == 1 ? words.get(i) : String.join(" ", words.subList(i, i + n)));
            }
        }
        return out;
    }

    static List<String> words(String text) {
        var words = new ArrayList<String>();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (Character.isWhitespace(cp)) {
                i += Character.charCount(cp);
            } else if (cp == '<' && canonicalAt(text, i) > i) {
                int end = canonicalAt(text, i);
                words.add(text.substring(i, end));
                i = end;
            } else if (isWordChar(cp)) {
                int start = i;
                while (i < text.length() && isWordChar(text.codePointAt(i))) {
                    i += Character.charCount(text.codePointAt(i));
                }
                words.add(text.substring(start, i));
            } else if (cp == '.' || cp == ',' || cp == '-') {
                i += Character.charCount(cp);
            } else {
                words.add(text.substring(i, i + Character.charCount(cp)));
                i += Character.charCount(cp);
            }
        }
        return words;
    }

    /** The end of a {@link ChatNormalizer.Canon} token starting at {@code i}, or -1. */
    private static int canonicalAt(String text, int i) {
        int close = text.indexOf('>', i);
        return close > i && close - i <= 16 && ChatNormalizer.isCanonical(text.substring(i, close + 1)) ? close + 1 : -1;
    }

    private static boolean isWordChar(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '\'';
    }

    @Override
    public String spec() {
        return "word:" + minN + "-" + maxN;
    }
}
