package io.livepulse.serving.api;

import io.livepulse.schemas.event.RoomEvent;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.serving.model.ModelSlot;
import io.livepulse.serving.model.RoomScorer;
import io.livepulse.serving.store.OnlineFeatures;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Top-k live rooms for a user: the served recommender's scores over the live rooms (reason {@code repeat} for
 * rooms the user watched, {@code similar} for the others); when there is no recommender or it does not know
 * the user, the user's own live rooms by watch time ({@code repeat}); then trending live rooms fill the list
 * ({@code popular}), which is all a new user gets (cold start).
 */
public final class Recommendations {
    /** Why a room is recommended. */
    public enum Reason {
        repeat,
        similar,
        popular
    }

    public record Item(String roomId, double score, Reason reason) {}

    /** The answer, with which model (if any) produced it and whether the user was cold. */
    public record Answer(String user, List<Item> items, String model, int modelVersion, boolean coldStart) {}

    private final OnlineFeatures features;
    private final ModelSlot<RoomScorer> recommender;

    public Recommendations(OnlineFeatures features, ModelSlot<RoomScorer> recommender) {
        this.features = features;
        this.recommender = recommender;
    }

    public Answer recommend(String userId, int k) {
        List<String> live = features.liveRooms();
        var history = new LinkedHashMap<String, UserRoomFeatures>();
        features.userRooms(userId).forEach(f -> history.put(f.getRoomId(), f));
        var chosen = new LinkedHashMap<String, Item>();
        var model = recommender.current();
        Map<String, Double> scores = Map.of();
        if (model.isPresent() && !live.isEmpty()) {
            var candidates = live.stream().map(r -> new RoomScorer.Candidate(r, streamerOf(r))).toList();
            var recent = history.values().stream()
                    .sorted(Comparator.comparingLong(UserRoomFeatures::getLastEventTimeMs).reversed())
                    .map(f -> streamerOf(f.getRoomId())).distinct().toList();
            scores = model.get().score(userId, recent, candidates);
        }
        scores.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .filter(e -> features.isLive(e.getKey()))
                .limit(k)
                .forEach(e -> chosen.put(e.getKey(), new Item(e.getKey(), e.getValue(),
                        history.containsKey(e.getKey()) ? Reason.repeat : Reason.similar)));
        if (scores.isEmpty()) {
            long total = history.values().stream().mapToLong(UserRoomFeatures::getWatchTimeMs).sum();
            history.values().stream()
                    .filter(f -> features.isLive(f.getRoomId()))
                    .limit(k)
                    .forEach(f -> chosen.put(f.getRoomId(), new Item(f.getRoomId(),
                            total == 0 ? 0.0 : (double) f.getWatchTimeMs() / total, Reason.repeat)));
        }
        boolean cold = chosen.isEmpty();
        var popular = new ArrayList<>(features.trending(k + chosen.size()));
        popular.sort(Comparator.comparingDouble(RoomMetrics::getTrendingScore).reversed());
        for (RoomMetrics m : popular) {
            if (chosen.size() >= k) {
                break;
            }
            chosen.putIfAbsent(m.getRoomId(), new Item(m.getRoomId(), m.getTrendingScore(), Reason.popular));
        }
        return new Answer(userId, List.copyOf(chosen.values()), model.map(m -> m.manifest().name()).orElse(null),
                recommender.version(), cold);
    }

    private String streamerOf(String roomId) {
        return features.roomInfo(roomId).map(RoomEvent::getStreamerId).orElse(roomId);
    }
}
