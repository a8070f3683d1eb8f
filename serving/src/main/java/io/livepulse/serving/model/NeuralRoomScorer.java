package io.livepulse.serving.model;

import io.livepulse.models.recommend.NextStreamerNet;
import io.livepulse.models.registry.ModelManifest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Serves the next-streamer network (registry kind {@value NextStreamerNet#KIND}): a room scores its streamer's
 * logit given the user's recent streamers. A user with no history is left to the cold-start fallback.
 */
record NeuralRoomScorer(ModelManifest manifest, NextStreamerNet net) implements RoomScorer {

    @Override
    public Map<String, Double> score(String userId, List<String> recentStreamers, List<Candidate> candidates) {
        if (recentStreamers.isEmpty()) {
            return Map.of();
        }
        var oldestFirst = new ArrayList<>(recentStreamers);
        Collections.reverse(oldestFirst);
        double[] scores = net.score(oldestFirst, candidates.stream().map(Candidate::streamerId).toList());
        return ScoredCandidates.of(candidates, scores);
    }
}
