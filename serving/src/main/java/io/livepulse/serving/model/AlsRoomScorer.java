package io.livepulse.serving.model;

import io.livepulse.models.recommend.AlsFactors;
import io.livepulse.models.registry.ModelManifest;
import java.util.List;
import java.util.Map;

/**
 * Serves an implicit-ALS model (registry kind {@value AlsFactors#KIND}): a room scores its streamer's dot product
 * with the user's factors, or with the mean factors of the user's recent streamers for users trained without.
 */
record AlsRoomScorer(ModelManifest manifest, AlsFactors factors) implements RoomScorer {

    @Override
    public Map<String, Double> score(String userId, List<String> recentStreamers, List<Candidate> candidates) {
        double[] scores = factors.score(userId, recentStreamers, candidates.stream().map(Candidate::streamerId).toList());
        return ScoredCandidates.of(candidates, scores);
    }
}
