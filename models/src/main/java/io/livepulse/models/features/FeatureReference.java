package io.livepulse.models.features;

import io.livepulse.schemas.feature.FitModel;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.schemas.feature.WatchSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The plain-Java reference of every streaming feature over a bounded event log: what the Flink job must
 * output once all events are in (its final, compacted values). Tests compare the job with it; notebooks use it
 * on logs small enough for memory.
 */
public final class FeatureReference {
    private FeatureReference() {}

    /**
     * Everything computed from one log.
     *
     * @param sessions closed sessions, ordered by user, room and start
     * @param userRoom final features per {@code userId/roomId}
     * @param roomMetrics one per room and sliding window holding at least one event of the room
     * @param fits final fit per {@code MODEL/scope} (scope {@code global} or a category)
     */
    public record Result(
            List<WatchSession> sessions,
            Map<String, UserRoomFeatures> userRoom,
            Map<String, RoomMetrics> roomMetrics,
            Map<String, OnlineLeastSquares.Fit> fits,
            Map<String, Long> fitObservations) {}

    public static Result compute(List<Activity> log, FeatureParams params) {
        var byUserRoom = log.stream().filter(a -> a.kind().sessionScoped())
                .collect(Collectors.groupingBy(Activity::userRoomKey, TreeMap::new, Collectors.toList()));
        var sessions = new ArrayList<WatchSession>();
        var userRoom = new TreeMap<String, UserRoomFeatures>();
        byUserRoom.forEach((key, events) -> {
            var split = WatchSessions.split(events, params.heartbeatGap(), params.k());
            sessions.addAll(split);
            userRoom.put(key, UserRoomTotals.of(split));
        });

        var catalogue = log.stream().filter(a -> a.kind() == ActivityKind.ROOM)
                .collect(Collectors.groupingBy(Activity::roomId, Collectors.toList()));
        var estimators = new TreeMap<String, OnlineLeastSquares>();
        for (WatchSession s : sessions) {
            String category = categoryAt(catalogue.getOrDefault(s.getRoomId(), List.of()), s.getEndTimeMs());
            for (String scope : List.of(FeatureParams.GLOBAL_SCOPE, category)) {
                SeedObservations.addWatchTime(
                        estimators.computeIfAbsent(fitKey(FitModel.WATCH_TIME, scope), x -> new OnlineLeastSquares()), s, 1);
                SeedObservations.addInteraction(
                        estimators.computeIfAbsent(fitKey(FitModel.INTERACTION, scope), x -> new OnlineLeastSquares()), s, 1);
            }
        }
        var fits = new TreeMap<String, OnlineLeastSquares.Fit>();
        var observations = new TreeMap<String, Long>();
        estimators.forEach((key, ols) -> {
            observations.put(key, ols.observations());
            ols.fit().ifPresent(f -> fits.put(key, f));
        });

        var windows = new HashMap<String, List<Activity>>();
        for (Activity a : log) {
            if (a.kind() == ActivityKind.ROOM) {
                continue;
            }
            for (long start : RoomWindowMetrics.windowStarts(a.timeMs(), params.roomWindowSize(), params.roomWindowSlide())) {
                windows.computeIfAbsent(roomWindowKey(a.roomId(), start), x -> new ArrayList<>()).add(a);
            }
        }
        var roomMetrics = new TreeMap<String, RoomMetrics>();
        windows.forEach((key, events) -> {
            long start = Long.parseLong(key.substring(key.lastIndexOf('@') + 1));
            String room = events.get(0).roomId();
            long end = start + params.roomWindowSize().toMillis();
            roomMetrics.put(key, RoomWindowMetrics.compute(room, start, end, events, params.heartbeatGap(),
                    knownCategoryAt(catalogue.getOrDefault(room, List.of()), end - 1)));
        });
        sessions.sort(Comparator.comparing(WatchSession::getUserId).thenComparing(WatchSession::getRoomId)
                .thenComparingLong(WatchSession::getStartTimeMs));
        return new Result(sessions, userRoom, roomMetrics, fits, observations);
    }

    /** The category of the latest catalogue event at or before {@code timeMs}, else {@code unknown}. */
    public static String categoryAt(List<Activity> roomEvents, long timeMs) {
        return roomEvents.stream()
                .filter(a -> a.timeMs() <= timeMs && a.category() != null)
                .max(Activity.EVENT_ORDER)
                .map(Activity::category)
                .orElse(FeatureParams.UNKNOWN_CATEGORY);
    }

    /** As {@link #categoryAt}, but null when the room has no catalogue event at or before {@code timeMs}. */
    public static String knownCategoryAt(List<Activity> roomEvents, long timeMs) {
        String category = categoryAt(roomEvents, timeMs);
        return roomEvents.stream().anyMatch(a -> a.timeMs() <= timeMs && a.category() != null) ? category : null;
    }

    /** Key of a fit on the fits topic: {@code WATCH_TIME/global}. */
    public static String fitKey(FitModel model, String scope) {
        return model.name() + "/" + scope;
    }

    /** Key of one room window: {@code roomId@windowStartMs}. */
    public static String roomWindowKey(String roomId, long windowStartMs) {
        return roomId + "@" + windowStartMs;
    }
}
