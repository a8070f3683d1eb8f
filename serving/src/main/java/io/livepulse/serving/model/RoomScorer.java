package io.livepulse.serving.model;

import java.util.List;
import java.util.Map;

/** A recommender: scores the live rooms for a user. */
public interface RoomScorer extends ServedModel {

    /** A live room and the streamer broadcasting in it (models trained on viewing logs know streamers). */
    record Candidate(String roomId, String streamerId) {}

    /**
     * Scores by room id of the {@code candidates} the model can score for {@code userId}, higher is better.
     * {@code recentStreamers} are the streamers the user watched, most recent first (used to fold in users the
     * model was not trained on). Empty when the model knows neither the user nor their recent streamers (the
     * caller falls back to cold start).
     */
    Map<String, Double> score(String userId, List<String> recentStreamers, List<Candidate> candidates);
}
