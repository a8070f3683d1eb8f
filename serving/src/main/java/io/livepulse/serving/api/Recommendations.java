package io.livepulse.serving.api;

import io.livepulse.models.recommend.LiveCandidate;
import io.livepulse.models.recommend.LiveRoomRanker;
import io.livepulse.models.recommend.RankedRoom;
import io.livepulse.models.recommend.RankerParams;
import io.livepulse.models.recommend.WatchedStreamer;
import io.livepulse.schemas.event.RoomEvent;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.serving.model.ModelSlot;
import io.livepulse.serving.model.ServedRanker;
import io.livepulse.serving.store.OnlineFeatures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Top-k live rooms for a user: decode the online store into the ranker's query, rank with the served
 * {@link LiveRoomRanker} (the very code the offline evaluation measured), encode. Without a recommender in the
 * registry, the model-free ranker answers: the user's own streamers, then rooms like theirs, then popular ones.
 */
public final class Recommendations {
    /** The ranker used while no recommender is loaded. */
    static final LiveRoomRanker MODEL_FREE = new LiveRoomRanker("model-free", null, RankerParams.MODEL_FREE);

    public record Item(String roomId, String streamerId, double score, RankedRoom.Reason reason) {}

    /**
     * The answer, with which model (if any) produced it and whether the user was cold (no history in the store).
     *
     * @param user the id the platform asked for, echoed back (never stored)
     */
    public record Answer(String user, List<Item> items, String model, int modelVersion, boolean coldStart) {}

    private final OnlineFeatures features;
    private final ModelSlot<ServedRanker> recommender;

    public Recommendations(OnlineFeatures features, ModelSlot<ServedRanker> recommender) {
        this.features = features;
        this.recommender = recommender;
    }

    /**
     * @param platformUserId the platform's id, echoed in the answer
     * @param storeUserId the id the features are stored under (the collector's pseudonym of the platform's id)
     */
    public Answer recommend(String platformUserId, String storeUserId, int k) {
        var served = recommender.current();
        LiveRoomRanker ranker = served.map(ServedRanker::ranker).orElse(MODEL_FREE);
        var query = query(storeUserId);
        var items = ranker.rank(query, k).stream()
                .map(r -> new Item(r.roomId(), r.streamerId(), r.score(), r.reason())).toList();
        return new Answer(platformUserId, items, served.map(m -> m.manifest().name()).orElse(null),
                recommender.version(), query.history().isEmpty());
    }

    /** The ranker's query for a user from the online store: their streamers and the rooms live now. */
    LiveRoomRanker.Query query(String userId) {
        var history = new HashMap<String, WatchedStreamer>();
        for (UserRoomFeatures f : features.userRooms(userId)) {
            var w = new WatchedStreamer(streamerOf(f.getRoomId()), Math.max(1, f.getSessions()), f.getWatchTimeMs(),
                    f.getLastEventTimeMs());
            history.merge(w.streamerId(), w, WatchedStreamer::plus);
        }
        var trending = new HashMap<String, Double>();
        for (RoomMetrics m : features.liveRoomMetrics()) {
            trending.put(m.getRoomId(), m.getTrendingScore());
        }
        var candidates = new ArrayList<LiveCandidate>();
        var textByStreamer = new HashMap<String, String>();
        for (String roomId : features.liveRooms()) {
            var info = features.roomInfo(roomId);
            String streamer = info.map(RoomEvent::getStreamerId).orElse(roomId);
            String text = info.map(Recommendations::textOf).orElse(null);
            candidates.add(new LiveCandidate(roomId, streamer, text, trending.getOrDefault(roomId, 0.0),
                    features.liveForMs(roomId)));
            if (text != null) {
                textByStreamer.put(streamer, text);
            }
        }
        Map<String, String> texts = textByStreamer;
        return new LiveRoomRanker.Query(userId, List.copyOf(history.values()), candidates,
                streamer -> texts.computeIfAbsent(streamer, this::catalogText));
    }

    /** A room's text for content similarity: its category, title and tags. */
    static String textOf(RoomEvent e) {
        return e.getCategory() + " " + e.getTitle() + " " + String.join(" ", e.getTags());
    }

    private String catalogText(String streamer) {
        return features.roomOfStreamer(streamer).map(Recommendations::textOf).orElse(null);
    }

    private String streamerOf(String roomId) {
        return features.roomInfo(roomId).map(RoomEvent::getStreamerId).orElse(roomId);
    }
}
