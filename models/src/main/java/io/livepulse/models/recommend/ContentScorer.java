package io.livepulse.models.recommend;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Cold start from content: TF-IDF vectors of each streamer's text (room title, tags, category), a user profile
 * that sums the vectors of the streamers they watched recently, and cosine similarity. Works for streamers
 * nobody has watched yet and for users with a single interaction; streamers without text score 0.
 */
public final class ContentScorer implements LiveScorer {
    private final Map<String, Double>[] vectors;

    @SuppressWarnings("unchecked")
    private ContentScorer(Map<String, Double>[] vectors) {
        this.vectors = vectors;
    }

    /** TF-IDF over {@code texts[streamerIndex]} (null or blank for streamers without text). */
    @SuppressWarnings("unchecked")
    public static ContentScorer build(String[] texts) {
        var df = new HashMap<String, Integer>();
        var tfs = new Map[texts.length];
        int docs = 0;
        for (int s = 0; s < texts.length; s++) {
            var tf = new HashMap<String, Double>();
            if (texts[s] != null) {
                for (String token : tokens(texts[s])) {
                    tf.merge(token, 1.0, Double::sum);
                }
            }
            if (!tf.isEmpty()) {
                docs++;
                tf.keySet().forEach(t -> df.merge(t, 1, Integer::sum));
            }
            tfs[s] = tf;
        }
        Map<String, Double>[] vectors = new Map[texts.length];
        for (int s = 0; s < texts.length; s++) {
            Map<String, Double> tf = tfs[s];
            var v = new HashMap<String, Double>();
            double norm = 0;
            for (var e : tf.entrySet()) {
                double w = (1 + Math.log(e.getValue())) * Math.log((1.0 + docs) / (1.0 + df.get(e.getKey())) + 1);
                v.put(e.getKey(), w);
                norm += w * w;
            }
            double n = Math.sqrt(norm);
            if (n > 0) {
                v.replaceAll((k, w) -> w / n);
            }
            vectors[s] = v;
        }
        return new ContentScorer(vectors);
    }

    static String[] tokens(String text) {
        return text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
    }

    @Override
    public String name() {
        return "content-tfidf";
    }

    @Override
    public void score(EvalInstance query, int[] candidates, double[] scores) {
        var profile = new HashMap<String, Double>();
        for (int s : query.input()) {
            vectors[s].forEach((k, w) -> profile.merge(k, w, Double::sum));
        }
        double norm = Math.sqrt(profile.values().stream().mapToDouble(w -> w * w).sum());
        for (int i = 0; i < candidates.length; i++) {
            double dot = 0;
            for (var e : vectors[candidates[i]].entrySet()) {
                Double p = profile.get(e.getKey());
                if (p != null) {
                    dot += p * e.getValue();
                }
            }
            scores[i] = norm == 0 ? 0 : dot / norm;
        }
    }
}
