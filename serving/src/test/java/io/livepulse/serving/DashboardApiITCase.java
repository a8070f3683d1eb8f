package io.livepulse.serving;

import static io.livepulse.serving.ServingFixture.PSEUDONYMS;
import static io.livepulse.serving.ServingFixture.await;
import static io.livepulse.serving.ServingFixture.call;
import static io.livepulse.serving.ServingFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.platform.testing.KafkaBrokerExtension;
import io.livepulse.schemas.event.RoomAction;
import io.livepulse.schemas.event.RoomEvent;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.RoomSentiment;
import io.livepulse.schemas.feature.SentimentAlert;
import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.serving.auth.ApiKeys;
import io.livepulse.serving.auth.Role;
import io.livepulse.serving.model.LexiconModel;
import io.livepulse.serving.model.ScoresModel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's operator routes (history, rooms table, room page, alert triage) against the embedded broker
 * and a RocksDB store, including a restart of the server on the same store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardApiITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static final String PLATFORM = "platform-key";
    static final String OPERATOR = "operator-key";

    KafkaProducer<String, SpecificRecord> producer;
    ServingServer server;
    ServingConfig config;
    TopicCatalog topics;
    ApiKeys keys;
    long now;

    @BeforeAll
    void start(@TempDir Path dir) {
        config = ServingFixture.config(KAFKA.bootstrapServers(), dir.resolve("data"), Map.of());
        topics = TopicCatalog.of(config.platform());
        keys = ApiKeys.none().with("app", Set.of(Role.PLATFORM), PLATFORM).with("alice", Set.of(Role.OPERATOR),
                OPERATOR);
        server = startServer();
        producer = ServingFixture.producer(KAFKA.bootstrapServers());
        now = System.currentTimeMillis();
        for (String room : List.of("r-steady", "r-drop", "r-silent", "r-hostile")) {
            send(producer, topics.roomCatalog(), room, room(room, now - 600_000));
        }
        send(producer, topics.roomMetrics(), "r-steady", metrics("r-steady", now - 20_000, 300));
        send(producer, topics.roomMetrics(), "r-steady", metrics("r-steady", now - 10_000, 310));
        send(producer, topics.roomMetrics(), "r-drop", metrics("r-drop", now - 20_000, 200));
        send(producer, topics.roomMetrics(), "r-drop", metrics("r-drop", now - 10_000, 60));
        send(producer, topics.roomMetrics(), "r-silent", metrics("r-silent", now - 180_000, 40));
        send(producer, topics.roomMetrics(), "r-hostile", metrics("r-hostile", now - 10_000, 90));
        send(producer, topics.roomSentiment(), "r-hostile", sentiment("r-hostile", now - 10_000, 80, 50));
        send(producer, topics.sentimentAlerts(), "r-hostile", alert("alert-1", "r-hostile", now - 5_000));
        for (int u = 1; u <= 12; u++) {
            String user = PSEUDONYMS.pseudonym("viewer-" + u);
            send(producer, topics.userRoomFeatures(), user + "/r-steady", userRoom(user, "r-steady", u * 60_000L));
        }
        String other = PSEUDONYMS.pseudonym("viewer-elsewhere");
        send(producer, topics.userRoomFeatures(), other + "/r-drop", userRoom(other, "r-drop", 99 * 60_000L));
        await("records in the store", () -> server.features().liveRoomMetrics().size() == 4
                && server.features().roomSentiment("r-hostile").isPresent()
                && !server.features().recentAlerts(1).isEmpty()
                && server.features().userRooms(PSEUDONYMS.pseudonym("viewer-12")).size() == 1
                && server.features().userRooms(other).size() == 1
                && server.feed().roomHistory().metrics("r-drop", java.time.Duration.ofHours(1)).size() == 2);
        await("three snapshots", () -> server.feed().history().size() >= 3);
    }

    ServingServer startServer() {
        return ServingServer.start(config, keys, ScoresModel.LOADER, LexiconModel.LOADER, Clock.systemUTC());
    }

    @AfterAll
    void stop() {
        if (producer != null) {
            producer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    ServingFixture.Answer get(String path, String key) {
        return call(server.port(), "GET", path, key, null);
    }

    ServingFixture.Answer post(String path, String key) {
        return call(server.port(), "POST", path, key, null);
    }

    static void assertError(ServingFixture.Answer answer, int status, String field) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(status);
        assertThat(answer.body().get("field").asText()).isEqualTo(field);
        assertThat(answer.body().get("reason").asText()).isNotBlank();
    }

    @Test
    @Order(1)
    void historyHoldsTheSnapshotsOldestFirstAndRefusesBadParameters() {
        var body = get("/v1/dashboard/history?minutes=5", OPERATOR).body();
        assertThat(body.get("minutes").asInt()).isEqualTo(5);
        assertThat(body.get("periodMs").asLong()).isEqualTo(300);
        JsonNode series = body.get("series");
        int points = series.get("timeMs").size();
        assertThat(points).isGreaterThanOrEqualTo(3).isEqualTo(body.get("points").asInt());
        for (String name : List.of("ccu", "liveRooms", "giftRevenueMinor", "orderRevenueMinor", "newSubscriptions",
                "adCtr", "pipelineLagSeconds", "lagSeconds", "openAlerts")) {
            assertThat(series.get(name).size()).as(name).isEqualTo(points);
        }
        for (int i = 1; i < points; i++) {
            assertThat(series.get("timeMs").get(i).asLong()).isGreaterThan(series.get("timeMs").get(i - 1).asLong());
        }
        assertThat(series.get("ccu").get(points - 1).asLong()).isEqualTo(310 + 60 + 40 + 90);
        assertThat(series.get("liveRooms").get(points - 1).asInt()).isEqualTo(4);
        assertThat(series.get("openAlerts").get(points - 1).asInt()).isEqualTo(1);
        assertThat(body.get("alerts").get(0).get("alertId").asText()).isEqualTo("alert-1");
        assertThat(body.get("alerts").get(0).get("status").asText()).isEqualTo("open");

        assertError(get("/v1/dashboard/history?minutes=0", OPERATOR), 400, "minutes");
        assertError(get("/v1/dashboard/history?minutes=121", OPERATOR), 400, "minutes");
        assertError(get("/v1/dashboard/history?minutes=an-hour", OPERATOR), 400, "minutes");
        assertError(get("/v1/dashboard/history", null), 401, "X-Api-Key");
        assertError(get("/v1/dashboard/history", PLATFORM), 403, "X-Api-Key");
        assertThat(get("/v1/dashboard/history", OPERATOR).body().get("minutes").asInt()).isEqualTo(60);
    }

    @Test
    @Order(2)
    void theRoomsTableFlagsTheOpenAlertTheSilentRoomAndTheDroppingOne() {
        var rooms = get("/v1/dashboard/rooms", OPERATOR).body().get("rooms");
        var health = new java.util.HashMap<String, List<String>>();
        rooms.forEach(r -> {
            var flags = new ArrayList<String>();
            r.get("health").forEach(f -> flags.add(f.asText()));
            health.put(r.get("roomId").asText(), flags);
        });
        assertThat(health).containsOnly(Map.entry("r-steady", List.of()), Map.entry("r-drop", List.of("ccu-dropping")),
                Map.entry("r-silent", List.of("silent")), Map.entry("r-hostile", List.of("sentiment-alert")));
        JsonNode hostile = null;
        for (JsonNode r : rooms) {
            if (r.get("roomId").asText().equals("r-hostile")) {
                hostile = r;
            }
        }
        assertThat(hostile.get("chatMessages").asInt()).isEqualTo(80);
        assertThat(hostile.get("negativeShare").asDouble()).isEqualTo(50 / 80.0);
        assertThat(hostile.get("adCtr").asDouble()).isEqualTo(4 / 200.0);
        assertError(get("/v1/dashboard/rooms", PLATFORM), 403, "X-Api-Key");
    }

    @Test
    @Order(3)
    void aRoomPageHasItsSeriesAlertsAndTopViewersByPseudonym() {
        var steady = get("/v1/dashboard/rooms/r-steady?minutes=10", OPERATOR).body();
        assertThat(steady.get("live").asBoolean()).isTrue();
        var ccu = new ArrayList<Long>();
        steady.get("metrics").forEach(p -> ccu.add(p.get("ccu").asLong()));
        assertThat(ccu).containsExactly(300L, 310L);
        assertThat(steady.get("metrics").get(1).get("watchMinutes").asDouble()).isEqualTo(1.5);
        assertThat(steady.get("metrics").get(1).get("orders").asLong()).isEqualTo(2);
        var viewers = steady.get("topViewers");
        assertThat(viewers).hasSize(10);
        assertThat(viewers.get(0).get("pseudonym").asText()).isEqualTo(PSEUDONYMS.pseudonym("viewer-12"));
        assertThat(viewers.get(0).get("watchMinutes").asDouble()).isEqualTo(12.0);
        assertThat(viewers.get(9).get("pseudonym").asText()).isEqualTo(PSEUDONYMS.pseudonym("viewer-3"));
        assertThat(steady.toString()).doesNotContain("viewer-").doesNotContain(PSEUDONYMS.pseudonym("viewer-elsewhere"));
        assertThat(steady.get("alerts")).isEmpty();

        var hostile = get("/v1/dashboard/rooms/r-hostile", OPERATOR).body();
        assertThat(hostile.get("health").get(0).asText()).isEqualTo("sentiment-alert");
        assertThat(hostile.get("chat").get(0).get("messages").asInt()).isEqualTo(80);
        assertThat(hostile.get("chat").get(0).get("negativeShare").asDouble()).isEqualTo(0.625);
        var alert = hostile.get("alerts").get(0);
        assertThat(alert.get("alertId").asText()).isEqualTo("alert-1");
        assertThat(alert.get("topic").asText()).isEqualTo("refund");
        assertThat(alert.get("sampleMessages").get(0).asText()).isEqualTo("主播退钱");

        assertError(get("/v1/dashboard/rooms/nowhere", OPERATOR), 404, "id");
        assertError(get("/v1/dashboard/rooms/r-steady?minutes=-1", OPERATOR), 400, "minutes");
        var page = get("/dashboard/rooms/r-steady", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().body()).contains("/v1/dashboard/rooms/").contains("chart.umd.js");
    }

    @Test
    @Order(4)
    void anOperatorAcknowledgesAndResolvesAnAlertAndWhoAndWhenAreKept() {
        assertError(post("/v1/alerts/alert-1/acknowledge", PLATFORM), 403, "X-Api-Key");
        assertError(post("/v1/alerts/alert-1/acknowledge", null), 401, "X-Api-Key");
        assertError(post("/v1/alerts/no-such-alert/acknowledge", OPERATOR), 404, "id");
        long before = System.currentTimeMillis();
        var acked = post("/v1/alerts/alert-1/acknowledge", OPERATOR);
        assertThat(acked.status()).isEqualTo(200);
        assertThat(acked.body().get("status").asText()).isEqualTo("acknowledged");
        assertThat(acked.body().get("acknowledgedBy").asText()).isEqualTo("alice");
        assertThat(acked.body().get("acknowledgedTimeMs").asLong()).isBetween(before, System.currentTimeMillis());
        assertThat(get("/v1/dashboard/history?minutes=1", OPERATOR).body().get("alerts").get(0).get("status")
                .asText()).isEqualTo("acknowledged");

        var resolved = post("/v1/alerts/alert-1/resolve", OPERATOR);
        assertThat(resolved.body().get("status").asText()).isEqualTo("resolved");
        assertThat(resolved.body().get("resolvedBy").asText()).isEqualTo("alice");
        assertThat(resolved.body().get("acknowledgedBy").asText()).isEqualTo("alice");
        var again = post("/v1/alerts/alert-1/resolve", OPERATOR);
        assertError(again, 409, "id");
        assertThat(again.body().get("reason").asText()).contains("already resolved by alice");

        // resolved: the room is no longer flagged, and the open-alert series falls to 0
        await("a snapshot without the open alert", () -> server.feed().history()
                .last(java.time.Duration.ofSeconds(2)).stream().anyMatch(p -> p.openAlerts() == 0));
        var rooms = get("/v1/dashboard/rooms", OPERATOR).body().get("rooms");
        rooms.forEach(r -> {
            if (r.get("roomId").asText().equals("r-hostile")) {
                assertThat(r.get("health")).isEmpty();
            }
        });
    }

    @Test
    @Order(5)
    void aRestartedServerStillHasTheHistoryRoomSeriesAndTriage() {
        var before = get("/v1/dashboard/history?minutes=10", OPERATOR).body().get("series").get("timeMs");
        long lastBefore = before.get(before.size() - 1).asLong();
        server.close();
        server = startServer();
        var after = get("/v1/dashboard/history?minutes=10", OPERATOR).body().get("series").get("timeMs");
        var times = new ArrayList<Long>();
        after.forEach(t -> times.add(t.asLong()));
        assertThat(times).contains(before.get(0).asLong(), lastBefore);
        var drop = get("/v1/dashboard/rooms/r-drop", OPERATOR).body().get("metrics");
        assertThat(drop).hasSize(2);
        assertThat(drop.get(1).get("ccu").asLong()).isEqualTo(60);
        var alert = get("/v1/dashboard/rooms/r-hostile", OPERATOR).body().get("alerts").get(0);
        assertThat(alert.get("resolvedBy").asText()).isEqualTo("alice");
    }

    static RoomEvent room(String roomId, long timeMs) {
        return RoomEvent.newBuilder().setEventId("e-" + roomId).setUserId("s-" + roomId).setRoomId(roomId)
                .setEventTimeMs(timeMs).setReceivedTimeMs(timeMs).setSchemaVersion(1).setAction(RoomAction.STARTED)
                .setStreamerId("s-" + roomId).setCategory("games").setTitle("room " + roomId).setTags(List.of())
                .setLanguage("en").build();
    }

    static RoomMetrics metrics(String roomId, long endMs, int ccu) {
        return RoomMetrics.newBuilder().setRoomId(roomId).setWindowStartMs(endMs - 10_000).setWindowEndMs(endMs)
                .setConcurrentViewers(ccu).setNewViewers(1).setAvgWatchTimeMs(90_000).setAvgInteractionsPerMinute(2)
                .setInteractions(10).setGiftRevenueMinor(500).setOrderRevenueMinor(1_000).setNewSubscriptions(1)
                .setAdImpressions(200).setAdClicks(4).setCtr(0.02).setProductClicks(4).setOrders(2).setConversion(0.5)
                .setTrendingScore(ccu).setCategory("games").build();
    }

    static RoomSentiment sentiment(String roomId, long endMs, int messages, int negative) {
        return RoomSentiment.newBuilder().setRoomId(roomId).setWindowStartMs(endMs - 60_000).setWindowEndMs(endMs)
                .setMessages(messages).setNegativeMessages(negative).setNegativeShare((double) negative / messages)
                .setMeanScore(-0.3).setTopNegativeTerms(List.of("退钱")).build();
    }

    static SentimentAlert alert(String id, String roomId, long raisedMs) {
        return SentimentAlert.newBuilder().setAlertId(id).setRoomId(roomId).setWindowStartMs(raisedMs - 60_000)
                .setWindowEndMs(raisedMs).setMessages(80).setNegativeMessages(50).setNegativeShare(0.625)
                .setBaselineShare(0.1).setZScore(6.2).setTopNegativeTerms(List.of("退钱"))
                .setSampleMessages(List.of("主播退钱")).setRaisedTimeMs(raisedMs).setTopic("refund").build();
    }

    static UserRoomFeatures userRoom(String user, String roomId, long watchMs) {
        return UserRoomFeatures.newBuilder().setUserId(user).setRoomId(roomId).setWatchTimeMs(watchMs).setSessions(1)
                .setInteractions(3).setInteractionsPerMinute(0.5).setGiftCount(0).setGiftValueMinor(0)
                .setTransmissionTerm(0.0).setMeanBitrateKbps(2_500.0).setMeanBandwidthKbps(8_000.0)
                .setFirstEventTimeMs(System.currentTimeMillis() - watchMs)
                .setLastEventTimeMs(System.currentTimeMillis()).build();
    }
}
