package io.livepulse.models.recommend;

/**
 * Baseline: streamers live now that the user watched most among their recent interactions, the more recent
 * first on equal counts; streamers they never watched score 0 (the evaluation breaks ties by popularity).
 */
public final class RepeatScorer implements LiveScorer {
    @Override
    public String name() {
        return "repeat";
    }

    @Override
    public void score(EvalInstance query, int[] candidates, double[] scores) {
        int[] input = query.input();
        for (int i = 0; i < candidates.length; i++) {
            double s = 0;
            for (int p = 0; p < input.length; p++) {
                if (input[p] == candidates[i]) {
                    s += 1 + (p + 1) / (double) (input.length + 1) / input.length;
                }
            }
            scores[i] = s;
        }
    }
}
