package io.livepulse.models.recommend;

import java.util.List;

/**
 * A trained recommender's scores of streamers for one user: the learned part of {@link LiveRoomRanker}. Thread-safe.
 */
public interface StreamerModel {
    /**
     * Writes the score of {@code streamers[i]} to {@code scores[i]} (higher is better), {@link Double#NaN} where the
     * model cannot score that streamer (not in training).
     *
     * @param userId the user as the model was trained on them (a pseudonym in production)
     * @param history what the user watched
     * @return false when the model knows nothing of the user (neither the user nor any streamer of the history):
     *     then no score is meaningful and the ranker falls back to content and popularity
     */
    boolean score(String userId, List<WatchedStreamer> history, String[] streamers, double[] scores);

    /**
     * Drops everything this loaded model learned about {@code userId} alone (erasure), at once; the model then
     * scores them as a user it was never trained on. Models without per-user parameters have nothing to drop.
     *
     * @return whether the model held parameters of that user
     */
    default boolean forget(String userId) {
        return false;
    }

    /**
     * {@link #score(String, List, String[], double[])} for models that also read the live rooms themselves (their
     * stream age); {@code streamers[i]} is {@code candidates.get(i).streamerId()}. By default the rooms are ignored.
     */
    default boolean score(String userId, List<WatchedStreamer> history, List<LiveCandidate> candidates,
            String[] streamers, double[] scores) {
        return score(userId, history, streamers, scores);
    }
}
