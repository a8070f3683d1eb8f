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
    private final int terms;
    private final int[][] termIds;
    private final double[][] weights;

    private ContentScorer(int terms, int[][] termIds, double[][] weights) {
        this.terms = terms;
        this.termIds = termIds;
        this.weights = weights;
    }

    /** TF-IDF over {@code texts[streamerIndex]} (null or blank for streamers without text). */
    public static ContentScorer build(String[] texts) {
        var ids = new HashMap<String, Integer>();
        var df = new HashMap<Integer, Integer>();
        @SuppressWarnings("unchecked")
        Map<Integer, Double>[] tfs = new Map[texts.length];
        int docs = 0;
        for (int s = 0; s < texts.length; s++) {
            var tf = new HashMap<Integer, Double>();
            if (texts[s] != null) {
                for (String token : tokens(texts[s])) {
                    if (!token.isEmpty()) {
                        tf.merge(ids.computeIfAbsent(token, k -> ids.size()), 1.0, Double::sum);
                    }
                }
            }
            if (!tf.isEmpty()) {
                docs++;
                tf.keySet().forEach(t -> df.merge(t, 1, Integer::sum));
            }
            tfs[s] = tf;
        }
        int[][] termIds = new int[texts.length][];
        double[][] weights = new double[texts.length][];
        for (int s = 0; s < texts.length; s++) {
            var tf = tfs[s];
            termIds[s] = new int[tf.size()];
            weights[s] = new double[tf.size()];
            double norm = 0;
            int k = 0;
            for (var e : tf.entrySet()) {
                double w = (1 + Math.log(e.getValue())) * Math.log((1.0 + docs) / (1.0 + df.get(e.getKey())) + 1);
                termIds[s][k] = e.getKey();
                weights[s][k] = w;
                norm += w * w;
                k++;
            }
            double n = Math.sqrt(norm);
            for (int j = 0; j < k && n > 0; j++) {
                weights[s][j] /= n;
            }
        }
        return new ContentScorer(ids.size(), termIds, weights);
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
        double[] profile = new double[terms];
        for (int s : query.input()) {
            for (int j = 0; j < termIds[s].length; j++) {
                profile[termIds[s][j]] += weights[s][j];
            }
        }
        double norm = 0;
        for (double p : profile) {
            norm += p * p;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < candidates.length; i++) {
            int c = candidates[i];
            double dot = 0;
            for (int j = 0; j < termIds[c].length; j++) {
                dot += profile[termIds[c][j]] * weights[c][j];
            }
            scores[i] = norm == 0 ? 0 : dot / norm;
        }
    }
}
