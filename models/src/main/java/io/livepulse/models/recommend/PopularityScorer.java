package io.livepulse.models.recommend;

/** Baseline: streamers live now, by how many training interactions they had. */
public final class PopularityScorer implements LiveScorer {
    private final double[] popularity;

    public PopularityScorer(double[] popularity) {
        this.popularity = popularity;
    }

    /** Interactions per streamer among the training interactions of {@code split}. */
    public static double[] trainingPopularity(ViewingLog log, LiveSplit split) {
        double[] counts = new double[log.streamers()];
        for (int i = 0; i < log.size(); i++) {
            if (split.isTraining(log, i)) {
                counts[log.streamer(i)]++;
            }
        }
        return counts;
    }

    @Override
    public String name() {
        return "popularity";
    }

    @Override
    public void score(EvalInstance query, int[] candidates, double[] scores) {
        for (int i = 0; i < candidates.length; i++) {
            scores[i] = popularity[candidates[i]];
        }
    }
}
