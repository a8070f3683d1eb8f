package io.livepulse.serving.model;

import java.util.List;
import java.util.Map;

/** A recommender: scores candidate rooms for a user. */
public interface RoomScorer extends ServedModel {
    /**
     * Scores of the {@code candidates} the model can score for {@code userId}, higher is better. Empty when the
     * model does not know the user (the caller falls back to cold start).
     */
    Map<String, Double> score(String userId, List<String> candidates);
}
