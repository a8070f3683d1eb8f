package io.livepulse.serving.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.models.recommend.LiveCandidate;
import io.livepulse.schemas.event.RoomAction;
import io.livepulse.schemas.event.RoomEvent;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.SentimentAlert;
import io.livepulse.schemas.feature.UserRoomFeatures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link FeatureStore} backend must do; each backend extends this with how to open one. */
abstract class FeatureStoreContract {
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    FeatureStore store;

    /** A fresh, empty store. */
    abstract FeatureStore open();

    @BeforeEach
    void openStore() {
        store = open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void userRoomFeaturesLiveTheirTtlAfterTheirLastEventThenArePurged() {
        var ttl = Duration.ofDays(30);
        var features = new OnlineFeatures(store, CLOCK, Duration.ofMinutes(5), ttl);
        features.apply(userRoom("u1", "r-recent", 10, NOW.minus(Duration.ofDays(29))));
        features.apply(userRoom("u1", "r-edge", 20, NOW.minus(ttl).plusMillis(1)));
        features.apply(userRoom("u1", "r-stale", 30, NOW.minus(ttl)));
        features.apply(userRoom("u2", "r-recent", 40, NOW));
        assertThat(features.userRooms("u1")).extracting(UserRoomFeatures::getRoomId)
                .containsExactly("r-edge", "r-recent");
        assertThat(store.scan(OnlineFeatures.USER_ROOM, "").keySet())
                .containsExactly("u1/r-edge", "u1/r-recent", "u2/r-recent");

        // a record arriving after its TTL does not bring an entry back: it removes it
        features.apply(userRoom("u2", "r-recent", 50, NOW.minus(Duration.ofDays(31))));
        assertThat(features.userRooms("u2")).isEmpty();

        var twoDaysLater = new OnlineFeatures(store, Clock.fixed(NOW.plus(Duration.ofDays(2)), ZoneOffset.UTC),
                Duration.ofMinutes(5), ttl);
        assertThat(twoDaysLater.userRooms("u1")).isEmpty();
        assertThat(store.scan(OnlineFeatures.USER_ROOM, "")).hasSize(2);
        assertThat(twoDaysLater.purgeExpiredUserRooms()).isEqualTo(2);
        assertThat(store.scan(OnlineFeatures.USER_ROOM, "")).isEmpty();
        assertThat(twoDaysLater.purgeExpiredUserRooms()).isZero();
    }

    static UserRoomFeatures userRoom(String userId, String roomId, long watchMs, Instant lastEvent) {
        return UserRoomFeatures.newBuilder().setUserId(userId).setRoomId(roomId).setWatchTimeMs(watchMs).setSessions(1)
                .setInteractions(2).setInteractionsPerMinute(1.0).setGiftCount(0).setGiftValueMinor(0)
                .setTransmissionTerm(null).setMeanBitrateKbps(null).setMeanBandwidthKbps(null)
                .setFirstEventTimeMs(lastEvent.toEpochMilli() - 1_000).setLastEventTimeMs(lastEvent.toEpochMilli())
                .build();
    }

    @Test
    void getsWhatWasPutAndNothingElse() {
        store.put("t", "a", bytes("1"));
        assertThat(store.get("t", "a")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("1")));
        assertThat(store.get("t", "b")).isEmpty();
        assertThat(store.get("other", "a")).isEmpty();
    }

    @Test
    void putOverwritesAndDeleteRemoves() {
        store.put("t", "a", bytes("1"));
        store.put("t", "a", bytes("2"));
        assertThat(new String(store.get("t", "a").orElseThrow(), UTF_8)).isEqualTo("2");
        store.delete("t", "a");
        assertThat(store.get("t", "a")).isEmpty();
        store.delete("t", "never-there");
    }

    @Test
    void scanReturnsOnlyTheTableAndPrefixInKeyOrder() {
        store.put("user-room", "u1/r2", bytes("b"));
        store.put("user-room", "u1/r1", bytes("a"));
        store.put("user-room", "u10/r1", bytes("x"));
        store.put("user-room", "u2/r1", bytes("y"));
        store.put("user-roomx", "u1/r9", bytes("z"));
        var scanned = store.scan("user-room", "u1/");
        assertThat(scanned.keySet()).containsExactly("u1/r1", "u1/r2");
        assertThat(new String(scanned.get("u1/r2"), UTF_8)).isEqualTo("b");
        assertThat(store.scan("user-room", "").keySet()).containsExactly("u1/r1", "u1/r2", "u10/r1", "u2/r1");
        assertThat(store.scan("empty", "")).isEmpty();
    }

    @Test
    void keysWithGlobAndUnicodeCharactersAreLiteral() {
        store.put("t", "a*b/1", bytes("1"));
        store.put("t", "a?b/1", bytes("2"));
        store.put("t", "直播间[1]/x", bytes("3"));
        assertThat(store.scan("t", "a*").keySet()).containsExactly("a*b/1");
        assertThat(store.scan("t", "直播间[1]").keySet()).containsExactly("直播间[1]/x");
    }

    @Test
    void binaryValuesRoundTrip() {
        byte[] value = new byte[256];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        store.put("t", "bin", value);
        assertThat(store.get("t", "bin").orElseThrow()).isEqualTo(value);
    }

    @Test
    void onlineFeaturesRankLiveRoomsAndReadUsersAndAlerts() {
        var features = new OnlineFeatures(store, CLOCK, Duration.ofMinutes(5));
        features.apply(room("r1", RoomAction.STARTED, 0));
        features.apply(room("r2", RoomAction.STARTED, 0));
        features.apply(room("r3", RoomAction.STARTED, 0));
        features.apply(room("r3", RoomAction.ENDED, 60_000));
        features.apply(metrics("r1", 10, 1.0, 0));
        features.apply(metrics("r2", 20, 5.0, 0));
        features.apply(metrics("r3", 90, 9.0, 0));
        features.apply(metrics("r4", 5, 2.0, -60_000));
        features.apply(metrics("r5", 5, 7.0, -3_600_000));
        features.apply(userRoom("u1", "r1", 1_000));
        features.apply(userRoom("u1", "r2", 9_000));
        features.apply(alert("a1", "r1", 1));
        features.apply(alert("a2", "r2", 2));

        assertThat(features.liveRooms()).containsExactly("r1", "r2", "r4");
        assertThat(features.trending(10)).extracting(RoomMetrics::getRoomId).containsExactly("r2", "r4", "r1");
        assertThat(features.userRooms("u1")).extracting(UserRoomFeatures::getRoomId).containsExactly("r2", "r1");
        assertThat(features.userRooms("u")).isEmpty();
        assertThat(features.recentAlerts(1)).extracting(SentimentAlert::getAlertId).containsExactly("a2");

        var reopened = new OnlineFeatures(store, CLOCK, Duration.ofMinutes(5));
        assertThat(reopened.trending(2)).extracting(RoomMetrics::getRoomId).containsExactly("r2", "r4");
        assertThat(reopened.isLive("r3")).isFalse();
    }

    @Test
    void streamAgeRunsFromTheLatestStartAndSurvivesAReopen() {
        var features = new OnlineFeatures(store, CLOCK, Duration.ofMinutes(5));
        features.apply(room("r1", RoomAction.STARTED, -3_600_000));
        features.apply(room("r2", RoomAction.STARTED, -7_200_000));
        features.apply(room("r2", RoomAction.ENDED, -60_000));
        features.apply(room("r3", RoomAction.UPDATED, -60_000));
        features.apply(room("r1", RoomAction.UPDATED, -1_000));
        assertThat(features.liveForMs("r1")).isEqualTo(3_600_000);
        assertThat(features.liveForMs("r2")).isEqualTo(LiveCandidate.UNKNOWN_AGE); // ended
        assertThat(features.liveForMs("r3")).isEqualTo(LiveCandidate.UNKNOWN_AGE); // start not seen
        features.apply(room("r2", RoomAction.STARTED, -30_000));
        assertThat(features.liveForMs("r2")).isEqualTo(30_000);
        var reopened = new OnlineFeatures(store, CLOCK, Duration.ofMinutes(5));
        assertThat(reopened.liveForMs("r1")).isEqualTo(3_600_000);
        assertThat(reopened.liveForMs("r2")).isEqualTo(30_000);
    }

    @Test
    void onlyTheNewestAlertsAreKept() {
        var features = new OnlineFeatures(store, CLOCK, Duration.ofMinutes(5));
        int total = OnlineFeatures.MAX_ALERTS + OnlineFeatures.MAX_ALERTS / 5 + 1;
        for (int i = 0; i < total; i++) {
            features.apply(alert("a" + i, "r1", i));
        }
        assertThat(store.scan(OnlineFeatures.ALERTS, "")).hasSize(OnlineFeatures.MAX_ALERTS);
        assertThat(features.recentAlerts(2)).extracting(SentimentAlert::getAlertId)
                .containsExactly("a" + (total - 1), "a" + (total - 2));
        assertThat(features.recentAlerts(OnlineFeatures.MAX_ALERTS + 10)).hasSize(OnlineFeatures.MAX_ALERTS)
                .last().extracting(SentimentAlert::getAlertId).isEqualTo("a" + (total - OnlineFeatures.MAX_ALERTS));
    }

    @Test
    void olderRoomMetricsDoNotReplaceNewerOnes() {
        var features = new OnlineFeatures(store, CLOCK, Duration.ofMinutes(5));
        features.apply(metrics("r1", 50, 1.0, 0));
        features.apply(metrics("r1", 10, 1.0, -60_000));
        assertThat(features.roomMetrics("r1").orElseThrow().getConcurrentViewers()).isEqualTo(50);
    }

    @Test
    void aStreamersNewestRoomIsFoundAlsoAfterARestart() {
        var features = new OnlineFeatures(store, CLOCK, Duration.ofMinutes(5));
        features.apply(streamerRoom("r-old", "s1", "old title", -120_000));
        features.apply(streamerRoom("r-new", "s1", "new title", -60_000));
        features.apply(streamerRoom("r-older", "s1", "older title", -180_000)); // arrives last, is oldest
        features.apply(streamerRoom("r-other", "s2", "other", 0));
        assertThat(features.roomOfStreamer("s1")).map(RoomEvent::getRoomId).hasValue("r-new");
        assertThat(features.roomOfStreamer("s3")).isEmpty();
        var reopened = new OnlineFeatures(store, CLOCK, Duration.ofMinutes(5));
        assertThat(reopened.roomOfStreamer("s1")).map(RoomEvent::getTitle).hasValue("new title");
        assertThat(reopened.roomOfStreamer("s2")).map(RoomEvent::getRoomId).hasValue("r-other");
    }

    static RoomEvent streamerRoom(String roomId, String streamerId, String title, long offsetMs) {
        return RoomEvent.newBuilder(room(roomId, RoomAction.STARTED, offsetMs)).setStreamerId(streamerId)
                .setTitle(title).build();
    }

    static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    static RoomEvent room(String roomId, RoomAction action, long offsetMs) {
        return RoomEvent.newBuilder().setEventId(roomId + action).setUserId("s-" + roomId).setRoomId(roomId)
                .setEventTimeMs(NOW.toEpochMilli() + offsetMs).setReceivedTimeMs(NOW.toEpochMilli() + offsetMs)
                .setSchemaVersion(1).setAction(action).setStreamerId("s-" + roomId).setCategory("games")
                .setTitle("room " + roomId).setTags(List.of()).setLanguage("zh").build();
    }

    static RoomMetrics metrics(String roomId, int ccu, double trending, long offsetMs) {
        long end = NOW.toEpochMilli() + offsetMs;
        return RoomMetrics.newBuilder().setRoomId(roomId).setWindowStartMs(end - 60_000).setWindowEndMs(end)
                .setConcurrentViewers(ccu).setNewViewers(1).setAvgWatchTimeMs(120_000).setAvgInteractionsPerMinute(2.5)
                .setInteractions(10).setGiftRevenueMinor(500).setOrderRevenueMinor(1_000).setNewSubscriptions(1)
                .setAdImpressions(100).setAdClicks(3).setCtr(0.03).setProductClicks(4).setOrders(1).setConversion(0.25)
                .setTrendingScore(trending).setCategory("games").build();
    }

    static UserRoomFeatures userRoom(String userId, String roomId, long watchMs) {
        return UserRoomFeatures.newBuilder().setUserId(userId).setRoomId(roomId).setWatchTimeMs(watchMs).setSessions(1)
                .setInteractions(2).setInteractionsPerMinute(1.0).setGiftCount(0).setGiftValueMinor(0)
                .setTransmissionTerm(null).setMeanBitrateKbps(null).setMeanBandwidthKbps(null)
                .setFirstEventTimeMs(NOW.toEpochMilli()).setLastEventTimeMs(NOW.toEpochMilli()).build();
    }

    static SentimentAlert alert(String id, String roomId, long offsetMs) {
        long t = NOW.toEpochMilli() + offsetMs;
        return SentimentAlert.newBuilder().setAlertId(id).setRoomId(roomId).setWindowStartMs(t - 60_000).setWindowEndMs(t)
                .setMessages(100).setNegativeMessages(60).setNegativeShare(0.6).setBaselineShare(0.1).setZScore(5.0)
                .setTopNegativeTerms(List.of("垃圾")).setSampleMessages(List.of("太垃圾了")).setRaisedTimeMs(t).build();
    }
}
