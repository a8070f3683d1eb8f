package io.livepulse.models.recommend;

/**
 * Scores the streamers live now for one user; higher is better. Evaluation and serving call the same
 * implementation, so offline figures describe what is served.
 */
public interface LiveScorer {
    /** Short name for reports, e.g. {@code als-logw}. */
    String name();

    /** Writes the score of {@code candidates[i]} to {@code scores[i]}. Must be safe to call from many threads. */
    void score(EvalInstance query, int[] candidates, double[] scores);
}
