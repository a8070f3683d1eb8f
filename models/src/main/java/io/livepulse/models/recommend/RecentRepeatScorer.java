package io.livepulse.models.recommend;

/**
 * The {@code repeat} baseline of the real-log protocol: the user's input streamers first, by how often they occur
 * in the input, then the most recently watched first; every other candidate scores 0 and is ordered by the
 * evaluation's tie rule (training popularity, then the smaller id), see {@link TaskEvaluation}.
 *
 * <p>Score = count + (last position + 1) / (input length + 1): the fraction is below 1, so it only orders equal
 * counts, and the later the last occurrence, the higher.
 */
public final class RecentRepeatScorer implements LiveScorer {
    /** The baseline's report name. */
    public static final String NAME = "repeat";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void score(EvalInstance query, int[] candidates, double[] scores) {
        int[] input = query.input();
        for (int i = 0; i < candidates.length; i++) {
            int count = 0;
            int last = -1;
            for (int p = 0; p < input.length; p++) {
                if (input[p] == candidates[i]) {
                    count++;
                    last = p;
                }
            }
            scores[i] = count == 0 ? 0 : count + (last + 1) / (double) (input.length + 1);
        }
    }
}
