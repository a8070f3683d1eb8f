package io.livepulse.models.recommend;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cold start from content: cosine similarity between TF-IDF vectors of room texts (title, tags, category) and a
 * user profile, the sum of the vectors of the user's streamers weighted by visits. The document frequencies are
 * those of the query's own texts (the rooms live now and the user's streamers), so a word every live room shares
 * weighs nothing. Rooms without text score 0. Thread-safe; the tokens of recent texts are cached.
 */
final class ContentSimilarity {
    private static final int MAX_CACHED = 20_000;
    private final Map<String, String[]> tokens = new ConcurrentHashMap<>();

    /**
     * Similarity in [0, 1] of each candidate text to the profile; all 0 when the profile has no text.
     *
     * @param profileTexts texts of the user's streamers (null entries skipped)
     * @param profileWeights weight of each profile text
     */
    double[] scores(String[] profileTexts, double[] profileWeights, String[] candidateTexts) {
        double[] out = new double[candidateTexts.length];
        var df = new HashMap<String, Integer>();
        var profileTf = new HashMap<String, Double>();
        for (int p = 0; p < profileTexts.length; p++) {
            var tf = termFrequencies(profileTexts[p]);
            tf.keySet().forEach(t -> df.merge(t, 1, Integer::sum));
            double w = profileWeights[p];
            tf.forEach((t, f) -> profileTf.merge(t, w * f, Double::sum));
        }
        if (profileTf.isEmpty()) {
            return out;
        }
        @SuppressWarnings("unchecked")
        Map<String, Double>[] candidateTf = new Map[candidateTexts.length];
        for (int i = 0; i < candidateTexts.length; i++) {
            candidateTf[i] = termFrequencies(candidateTexts[i]);
            candidateTf[i].keySet().forEach(t -> df.merge(t, 1, Integer::sum));
        }
        int docs = profileTexts.length + candidateTexts.length;
        var profile = new HashMap<String, Double>();
        double profileNorm = 0;
        for (var e : profileTf.entrySet()) {
            double w = e.getValue() * idf(docs, df.get(e.getKey()));
            profile.put(e.getKey(), w);
            profileNorm += w * w;
        }
        profileNorm = Math.sqrt(profileNorm);
        for (int i = 0; i < candidateTexts.length; i++) {
            double dot = 0;
            double norm = 0;
            for (var e : candidateTf[i].entrySet()) {
                double w = e.getValue() * idf(docs, df.get(e.getKey()));
                norm += w * w;
                Double p = profile.get(e.getKey());
                if (p != null) {
                    dot += p * w;
                }
            }
            out[i] = dot == 0 || profileNorm == 0 ? 0 : dot / (profileNorm * Math.sqrt(norm));
        }
        return out;
    }

    private static double idf(int docs, int df) {
        return Math.log((1.0 + docs) / (1.0 + df)) + 1;
    }

    /** Sub-linear term frequencies, {@code 1 + ln(count)}, of one text's words. */
    private Map<String, Double> termFrequencies(String text) {
        var tf = new HashMap<String, Double>();
        if (text == null || text.isBlank()) {
            return tf;
        }
        for (String t : tokensOf(text)) {
            tf.merge(t, 1.0, Double::sum);
        }
        tf.replaceAll((t, count) -> 1 + Math.log(count));
        return tf;
    }

    private String[] tokensOf(String text) {
        String[] known = tokens.get(text);
        if (known != null) {
            return known;
        }
        String[] fresh = java.util.Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(t -> !t.isEmpty()).toArray(String[]::new);
        if (tokens.size() >= MAX_CACHED) {
            tokens.clear();
        }
        tokens.put(text, fresh);
        return fresh;
    }
}
