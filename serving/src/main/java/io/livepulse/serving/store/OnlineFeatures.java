package io.livepulse.serving.store;

import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.event.RoomAction;
import io.livepulse.schemas.event.RoomEvent;
import io.livepulse.schemas.feature.ModelFit;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.RoomSentiment;
import io.livepulse.schemas.feature.SentimentAlert;
import io.livepulse.schemas.feature.UserRoomFeatures;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;

/**
 * The typed view of the feature store that the API and the dashboard read, and that {@link FeatureConsumer}
 * writes. Room-level state (a few thousand rooms) is also kept in memory so that ranking live rooms costs no
 * store reads; per-user features are read from the store.
 *
 * <p>A room is live when its last {@code RoomEvent} is not {@code ENDED}; a room never seen on the room catalog
 * is live while its metrics are younger than {@code liveWindow}.
 */
public final class OnlineFeatures {
    static final String USER_ROOM = "user-room";
    static final String ROOM = "room";
    static final String CATALOG = "catalog";
    static final String SENTIMENT = "sentiment";
    static final String ALERTS = "alerts";
    static final String FITS = "fits";
    /** When each room's current stream started (its latest STARTED event), epoch ms as decimal text. */
    static final String STREAM_START = "stream-start";
    /** Alerts kept in the store; older ones are dropped (they stay on the alerts topic). */
    static final int MAX_ALERTS = 1_000;

    private final FeatureStore store;
    private final AvroCodec codec = AvroCodec.standard();
    private final Clock clock;
    private final Duration liveWindow;
    private final Duration userRoomTtl;
    private final Map<String, RoomMetrics> rooms = new ConcurrentHashMap<>();
    private final Map<String, RoomEvent> catalog = new ConcurrentHashMap<>();
    /** The newest catalog entry per streamer, kept with {@link #catalog} so the lookup is not a scan. */
    private final Map<String, RoomEvent> newestByStreamer = new ConcurrentHashMap<>();
    private final Map<String, RoomSentiment> sentiment = new ConcurrentHashMap<>();
    private final Map<String, Long> streamStartMs = new ConcurrentHashMap<>();
    private final AtomicLong roomChanges = new AtomicLong();
    private final AtomicLong alertCount = new AtomicLong();
    private volatile Ranking ranking = new Ranking(-1, Long.MIN_VALUE, List.of(), List.of());

    /** Live rooms ranked once per change of room state (and at least every second, as metrics age). */
    private record Ranking(long changes, long computedMs, List<String> live, List<RoomMetrics> trending) {}

    /** The default retention of user-room features, after their last event ({@code serving.user-room-ttl}). */
    public static final Duration DEFAULT_USER_ROOM_TTL = Duration.ofDays(30);

    public OnlineFeatures(FeatureStore store, Clock clock, Duration liveWindow) {
        this(store, clock, liveWindow, DEFAULT_USER_ROOM_TTL);
    }

    /**
     * @param userRoomTtl how long a user's features in a room are kept after their last event ({@code
     *     lastEventTimeMs}): older ones are not stored, not read, and deleted by {@link #purgeExpiredUserRooms}
     */
    public OnlineFeatures(FeatureStore store, Clock clock, Duration liveWindow, Duration userRoomTtl) {
        this.store = store;
        this.clock = clock;
        this.liveWindow = liveWindow;
        this.userRoomTtl = userRoomTtl;
        store.scan(ROOM, "").forEach((k, v) -> rooms.put(k, codec.decode(v, RoomMetrics.class)));
        store.scan(CATALOG, "").forEach((k, v) -> remember(codec.decode(v, RoomEvent.class)));
        store.scan(SENTIMENT, "").forEach((k, v) -> sentiment.put(k, codec.decode(v, RoomSentiment.class)));
        store.scan(STREAM_START, "").forEach((k, v) -> streamStartMs.put(k,
                Long.parseLong(new String(v, java.nio.charset.StandardCharsets.US_ASCII))));
        alertCount.set(store.scan(ALERTS, "").size());
    }

    public FeatureStore store() {
        return store;
    }

    /** Stores one record from a feature, alert or catalog topic; false if it is of a type the store ignores. */
    public boolean apply(SpecificRecord record) {
        if (record instanceof UserRoomFeatures f) {
            String key = f.getUserId() + "/" + f.getRoomId();
            if (expired(f, clock.millis())) {
                // an old record (a replay, a consumer far behind) must not bring back what retention removed
                store.delete(USER_ROOM, key);
            } else {
                store.put(USER_ROOM, key, codec.encode(f));
            }
        } else if (record instanceof RoomMetrics m) {
            RoomMetrics previous = rooms.get(m.getRoomId());
            if (previous == null || previous.getWindowEndMs() <= m.getWindowEndMs()) {
                store.put(ROOM, m.getRoomId(), codec.encode(m));
                rooms.put(m.getRoomId(), m);
                roomChanges.incrementAndGet();
            }
        } else if (record instanceof RoomEvent e) {
            RoomEvent previous = catalog.get(e.getRoomId());
            if (previous == null || previous.getEventTimeMs() <= e.getEventTimeMs()) {
                store.put(CATALOG, e.getRoomId(), codec.encode(e));
                remember(e);
                roomChanges.incrementAndGet();
            }
            Long started = streamStartMs.get(e.getRoomId());
            if (e.getAction() == RoomAction.STARTED && (started == null || started <= e.getEventTimeMs())) {
                store.put(STREAM_START, e.getRoomId(), Long.toString(e.getEventTimeMs())
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                streamStartMs.put(e.getRoomId(), e.getEventTimeMs());
            }
        } else if (record instanceof RoomSentiment s) {
            store.put(SENTIMENT, s.getRoomId(), codec.encode(s));
            sentiment.put(s.getRoomId(), s);
        } else if (record instanceof SentimentAlert a) {
            store.put(ALERTS, String.format("%015d/%s", a.getRaisedTimeMs(), a.getAlertId()), codec.encode(a));
            if (alertCount.incrementAndGet() > MAX_ALERTS + MAX_ALERTS / 5) {
                pruneAlerts();
            }
        } else if (record instanceof ModelFit fit) {
            store.put(FITS, fit.getModel() + "/" + fit.getScope(), codec.encode(fit));
        } else {
            return false;
        }
        return true;
    }

    private void pruneAlerts() {
        var keys = new ArrayList<>(store.scan(ALERTS, "").keySet());
        for (String key : keys.subList(0, Math.max(0, keys.size() - MAX_ALERTS))) {
            store.delete(ALERTS, key);
        }
        alertCount.set(Math.min(keys.size(), MAX_ALERTS));
    }

    /**
     * Deletes every user-room entry whose last event is older than the TTL (the serving app runs this on a
     * schedule; reads already skip them). Returns how many were deleted.
     */
    public int purgeExpiredUserRooms() {
        long now = clock.millis();
        int deleted = 0;
        for (var entry : store.scan(USER_ROOM, "").entrySet()) {
            if (expired(codec.decode(entry.getValue(), UserRoomFeatures.class), now)) {
                store.delete(USER_ROOM, entry.getKey());
                deleted++;
            }
        }
        return deleted;
    }

    /** Deletes every user-room entry of {@code userId} (a pseudonym), for erasure. Returns how many there were. */
    public int forgetUser(String userId) {
        int deleted = 0;
        for (String key : store.scan(USER_ROOM, userId + "/").keySet()) {
            store.delete(USER_ROOM, key);
            deleted++;
        }
        return deleted;
    }

    /**
     * Applies a tombstone (a null value) from the user-room topic: the entry under {@code key} ({@code
     * userId/roomId}) is deleted, as compaction will delete the records before it.
     */
    public void deleteUserRoom(String key) {
        store.delete(USER_ROOM, key);
    }

    private boolean expired(UserRoomFeatures f, long nowMs) {
        return f.getLastEventTimeMs() <= nowMs - userRoomTtl.toMillis();
    }

    /** What the user did in each room within the user-room TTL, most watched first. */
    public List<UserRoomFeatures> userRooms(String userId) {
        var result = new ArrayList<UserRoomFeatures>();
        long now = clock.millis();
        store.scan(USER_ROOM, userId + "/").values().forEach(v -> {
            var f = codec.decode(v, UserRoomFeatures.class);
            if (!expired(f, now)) {
                result.add(f);
            }
        });
        result.sort(Comparator.comparingLong(UserRoomFeatures::getWatchTimeMs).reversed()
                .thenComparing(UserRoomFeatures::getRoomId));
        return result;
    }

    public Optional<RoomMetrics> roomMetrics(String roomId) {
        return Optional.ofNullable(rooms.get(roomId));
    }

    public Optional<RoomSentiment> roomSentiment(String roomId) {
        return Optional.ofNullable(sentiment.get(roomId));
    }

    public Optional<RoomEvent> roomInfo(String roomId) {
        return Optional.ofNullable(catalog.get(roomId));
    }

    /** The newest catalog entry of a streamer's rooms (for the text of a streamer not live now). */
    public Optional<RoomEvent> roomOfStreamer(String streamerId) {
        return Optional.ofNullable(newestByStreamer.get(streamerId));
    }

    private void remember(RoomEvent e) {
        catalog.put(e.getRoomId(), e);
        newestByStreamer.merge(e.getStreamerId(), e,
                (old, now) -> now.getEventTimeMs() >= old.getEventTimeMs() ? now : old);
    }

    /**
     * How long the room's current stream has been live, from its STARTED event to now; {@link
     * io.livepulse.models.recommend.LiveCandidate#UNKNOWN_AGE} when the room is not live or its start was not seen.
     */
    public long liveForMs(String roomId) {
        Long started = streamStartMs.get(roomId);
        if (started == null || !isLive(roomId)) {
            return io.livepulse.models.recommend.LiveCandidate.UNKNOWN_AGE;
        }
        return Math.max(0, clock.millis() - started);
    }

    public boolean isLive(String roomId) {
        RoomEvent event = catalog.get(roomId);
        if (event != null) {
            return event.getAction() != RoomAction.ENDED;
        }
        RoomMetrics m = rooms.get(roomId);
        return m != null && m.getWindowEndMs() >= clock.millis() - liveWindow.toMillis();
    }

    /** Ids of the rooms live now. */
    public List<String> liveRooms() {
        return ranking().live();
    }

    /** Live rooms with metrics, highest trending score first. */
    public List<RoomMetrics> trending(int k) {
        List<RoomMetrics> all = ranking().trending();
        return all.subList(0, Math.min(k, all.size()));
    }

    private Ranking ranking() {
        Ranking current = ranking;
        long changes = roomChanges.get();
        long now = clock.millis();
        if (current.changes() == changes && now - current.computedMs() < 1_000) {
            return current;
        }
        var ids = new TreeSet<String>();
        catalog.keySet().stream().filter(this::isLive).forEach(ids::add);
        rooms.keySet().stream().filter(this::isLive).forEach(ids::add);
        var trending = rooms.values().stream()
                .filter(m -> isLive(m.getRoomId()))
                .sorted(Comparator.comparingDouble(RoomMetrics::getTrendingScore).reversed()
                        .thenComparing(RoomMetrics::getRoomId))
                .toList();
        Ranking fresh = new Ranking(changes, now, List.copyOf(ids), trending);
        ranking = fresh;
        return fresh;
    }

    /**
     * Seconds between now and the end of the newest room-metrics window: how far behind real time the whole
     * pipeline (collector, Kafka, Flink windows, this store) is. 0 when there are no metrics yet.
     */
    public double pipelineLagSeconds() {
        long newest = rooms.values().stream().mapToLong(RoomMetrics::getWindowEndMs).max().orElse(0);
        return newest == 0 ? 0.0 : Math.max(0, clock.millis() - newest) / 1000.0;
    }

    /** The latest metrics of every live room. */
    public List<RoomMetrics> liveRoomMetrics() {
        return trending(Integer.MAX_VALUE);
    }

    /** The newest {@code n} alerts, newest first. */
    public List<SentimentAlert> recentAlerts(int n) {
        var all = new ArrayList<>(store.scan(ALERTS, "").values());
        var result = new ArrayList<SentimentAlert>();
        for (int i = all.size() - 1; i >= 0 && result.size() < n; i--) {
            result.add(codec.decode(all.get(i), SentimentAlert.class));
        }
        return result;
    }

    public List<ModelFit> fits() {
        return store.scan(FITS, "").values().stream().map(v -> codec.decode(v, ModelFit.class)).toList();
    }

    /**
     * The room's {@code n} viewers with the most watch time (W) within the user-room TTL, most first. User ids are
     * the collector's pseudonyms, as stored. Scans the keys of the user-room table (the room is the key's suffix)
     * and decodes only this room's entries.
     */
    public List<UserRoomFeatures> topViewers(String roomId, int n) {
        var result = new ArrayList<UserRoomFeatures>();
        long now = clock.millis();
        String suffix = "/" + roomId;
        store.scan(USER_ROOM, "").forEach((key, value) -> {
            if (key.endsWith(suffix)) {
                var f = codec.decode(value, UserRoomFeatures.class);
                if (f.getRoomId().equals(roomId) && !expired(f, now)) {
                    result.add(f);
                }
            }
        });
        result.sort(Comparator.comparingLong(UserRoomFeatures::getWatchTimeMs).reversed()
                .thenComparing(UserRoomFeatures::getUserId));
        return List.copyOf(result.subList(0, Math.min(n, result.size())));
    }
}
