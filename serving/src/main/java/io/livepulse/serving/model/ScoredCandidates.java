package io.livepulse.serving.model;

import io.livepulse.serving.model.RoomScorer.Candidate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Model scores aligned with candidates, as a map by room id. */
final class ScoredCandidates {
    private ScoredCandidates() {}

    /**
     * Rooms with a finite score. Empty when no score is finite or every score is 0, which is what a model answers
     * for a user it knows nothing about (a zero user vector): the caller then falls back to cold start.
     */
    static Map<String, Double> of(List<Candidate> candidates, double[] scores) {
        var result = new HashMap<String, Double>();
        boolean informative = false;
        for (int i = 0; i < scores.length; i++) {
            if (Double.isFinite(scores[i])) {
                result.put(candidates.get(i).roomId(), scores[i]);
                informative |= scores[i] != 0.0;
            }
        }
        return informative ? result : Map.of();
    }
}
