package io.livepulse.models.sentiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The terms of a message worth showing an operator as "what people complain about": Chinese character bigrams
 * of Han characters, English words of three or more letters that are not stop words.
 */
public final class SalientTerms {
    private static final Set<String> STOP = Set.of("the", "and", "you", "this", "that", "for", "with", "are", "was",
            "but", "not", "have", "has", "his", "her", "its", "it's", "just", "what", "they", "them", "from", "all",
            "can", "get", "got", "one", "out", "about", "there", "their", "your", "would", "like", "too", "n't");

    private SalientTerms() {}

    public static List<String> of(String text) {
        String norm = ChatNormalizer.normalize(text);
        var out = new ArrayList<String>();
        if (Language.of(text) == Language.ZH) {
            int[] cps = norm.codePoints().toArray();
            for (int i = 0; i + 1 < cps.length; i++) {
                if (isHan(cps[i]) && isHan(cps[i + 1])) {
                    out.add(new String(cps, i, 2));
                }
            }
        } else {
            for (String w : WordNgramTokenizer.words(norm)) {
                if (w.length() >= 3 && Character.isLetter(w.codePointAt(0)) && !STOP.contains(w)) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    private static boolean isHan(int cp) {
        return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
    }
}
