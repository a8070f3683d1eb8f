package io.livepulse.models.recommend;

/**
 * A learned scorer blended with the repeat signal: {@code score = base + repeatWeight * repeat}, where repeat is
 * {@link RepeatScorer}'s count of the candidate among the user's recent streamers. The weight is tuned on the
 * validation period only. Weight 0 is the base model; a large weight ranks the user's recent streamers first (by
 * how often they were watched) and orders everything else by the base model. A candidate the base model cannot
 * score (no factors: {@link Double#NEGATIVE_INFINITY}) counts as 0 for the base part, so a favourite streamer
 * that is new since training is still ranked by the repeat signal.
 */
public final class RepeatBlendScorer implements LiveScorer {
    private final String name;
    private final LiveScorer base;
    private final RepeatScorer repeat = new RepeatScorer();
    private final double repeatWeight;

    public RepeatBlendScorer(String name, LiveScorer base, double repeatWeight) {
        if (!(repeatWeight >= 0) || Double.isInfinite(repeatWeight)) {
            throw new IllegalArgumentException("repeatWeight must be a finite number >= 0, got " + repeatWeight);
        }
        this.name = name;
        this.base = base;
        this.repeatWeight = repeatWeight;
    }

    public double repeatWeight() {
        return repeatWeight;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void score(EvalInstance query, int[] candidates, double[] scores) {
        double[] repeatScores = new double[candidates.length];
        repeat.score(query, candidates, repeatScores);
        base.score(query, candidates, scores);
        for (int i = 0; i < candidates.length; i++) {
            double b = scores[i] == Double.NEGATIVE_INFINITY ? 0 : scores[i];
            scores[i] = b + repeatWeight * repeatScores[i];
        }
    }
}
