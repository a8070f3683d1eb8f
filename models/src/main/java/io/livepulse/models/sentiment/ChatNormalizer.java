package io.livepulse.models.sentiment;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Normalises short informal chat before tokenising, identically at training and scoring time: NFKC (full-width
 * to half-width), lower case, stray BOMs removed, runs of one character or of a two-character unit longer than
 * two collapsed to two, runs of white space to one space ("哈哈哈哈" -> "哈哈", "soooo" -> "soo", "6666" -> "66", "hahaha" -> "haha"), and every
 * emoji set apart by spaces so that it becomes a token of its own.
 */
public final class ChatNormalizer {
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private ChatNormalizer() {}

    public static String normalize(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String nfkc = Normalizer.normalize(text.replace("\uFEFF", ""), Normalizer.Form.NFKC).toLowerCase();
        int[] cps = nfkc.codePoints().toArray();
        var out = new StringBuilder(nfkc.length() + 8);
        int n = 0;
        int[] kept = new int[cps.length];
        for (int cp : cps) {
            if (n >= 2 && kept[n - 1] == cp && kept[n - 2] == cp) {
                continue;
            }
            kept[n++] = cp;
        }
        n = collapseTwoCharacterUnits(kept, n);
        for (int i = 0; i < n; i++) {
            int cp = kept[i];
            if (isEmoji(cp)) {
                out.append(' ').appendCodePoint(cp).append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        }
        return SPACES.matcher(out).replaceAll(" ").trim();
    }

    /** Removes the third and later copies of a repeated two-character unit: "hahahaha" -> "haha". */
    private static int collapseTwoCharacterUnits(int[] cps, int n) {
        int w = 0;
        for (int r = 0; r < n; r++) {
            if (r + 1 < n && w >= 4 && cps[w - 4] == cps[r] && cps[w - 3] == cps[r + 1]
                    && cps[w - 2] == cps[r] && cps[w - 1] == cps[r + 1] && cps[r] != cps[r + 1]) {
                r++;
                continue;
            }
            cps[w++] = cps[r];
        }
        return w;
    }

    /** Pictographs, emoticons, dingbats and the other symbol blocks chat uses as emoji. */
    static boolean isEmoji(int cp) {
        return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2B00 && cp <= 0x2BFF);
    }
}
