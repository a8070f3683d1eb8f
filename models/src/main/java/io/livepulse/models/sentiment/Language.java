package io.livepulse.models.sentiment;

/** The languages a sentiment model is trained for; chosen per text from its script. */
public enum Language {
    ZH,
    EN;

    /**
     * Routes a text by script: Chinese when Han characters make up at least a third of its letters, else English.
     * Emoji, digits and punctuation do not count, so "666" and "😂😂" route to English, "哈哈 lol" to Chinese.
     */
    public static Language of(String text) {
        int han = 0;
        int letters = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
                han++;
                letters++;
            } else if (Character.isLetter(cp)) {
                letters++;
            }
        }
        return han > 0 && han * 3 >= letters ? ZH : EN;
    }
}
