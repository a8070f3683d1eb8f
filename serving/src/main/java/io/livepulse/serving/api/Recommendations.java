package io.livepulse.serving.api;

import io.livepulse.schemas.event.RoomEvent;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.serving.model.ModelSlot;
import io.livepulse.serving.model.RoomScorer;
import io.livepulse.serving.store.OnlineFeatures;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Top-k live rooms for a user: the served recommender's scores over the live rooms (reason {@code repeat} for
 * rooms of streamers the user watched, {@code similar} for the others); when there is no recommender or it does
 * not know the user, the live rooms of the user's streamers by watch time ({@code repeat}); then trending live
 * rooms fill the list ({@code popular}), which is all a new user gets (cold start). A room's streamer comes from
 * the room catalog (the room id itself when the catalog has not seen the room).
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
        List<UserRoomFeatures> history = new ArrayList<>(features.userRooms(userId));
        history.sort(Comparator.comparingLong(UserRoomFeatures::getLastEventTimeMs).reversed());
        var watchMsByStreamer = new LinkedHashMap<String, Long>();
        history.forEach(f -> watchMsByStreamer.merge(streamerOf(f.getRoomId()), f.getWatchTimeMs(), Long::sum));
        var candidates = live.stream().map(r -> new RoomScorer.Candidate(r, streamerOf(r))).toList();
        var chosen = new LinkedHashMap<String, Item>();
        var model = recommender.current();
        Map<String, Double> scores = model.isPresent() && !live.isEmpty()
                ? model.get().score(userId, List.copyOf(watchMsByStreamer.keySet()), candidates)
                : Map.of();
        var streamerOfRoom = new HashMap<String, String>();
        candidates.forEach(c -> streamerOfRoom.put(c.roomId(), c.streamerId()));
        scores.entrySet().stream()
                .filter(e -> streamerOfRoom.containsKey(e.getKey()))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(k)
                .forEach(e -> chosen.put(e.getKey(), new Item(e.getKey(), e.getValue(),
                        watchMsByStreamer.containsKey(streamerOfRoom.get(e.getKey())) ? Reason.repeat
                                : Reason.similar)));
        if (scores.isEmpty()) {
            long total = watchMsByStreamer.values().stream().mapToLong(Long::longValue).sum();
            candidates.stream()
                    .filter(c -> watchMsByStreamer.containsKey(c.streamerId()))
                    .sorted(Comparator.comparingLong((RoomScorer.Candidate c) -> watchMsByStreamer.get(c.streamerId()))
                            .reversed().thenComparing(RoomScorer.Candidate::roomId))
                    .limit(k)
                    .forEach(c -> chosen.put(c.roomId(), new Item(c.roomId(),
                            total == 0 ? 0.0 : (double) watchMsByStreamer.get(c.streamerId()) / total, Reason.repeat)));
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
