package io.livepulse.models.recommend;

/**
 * One evaluation instance with its own candidate set (the streamers inferred live around the target's time).
 *
 * @param instance the user, input and target
 * @param candidates streamer indices to rank, ascending; always contains the target
 */
public record RankingTask(EvalInstance instance, int[] candidates) {}
