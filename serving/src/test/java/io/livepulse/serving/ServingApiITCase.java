package io.livepulse.serving;

import static io.livepulse.serving.ServingFixture.PSEUDONYMS;
import static io.livepulse.serving.ServingFixture.await;
import static io.livepulse.serving.ServingFixture.call;
import static io.livepulse.serving.ServingFixture.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.livepulse.models.recommend.RankerParams;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.platform.kafka.AvroSerde;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.platform.testing.KafkaBrokerExtension;
import io.livepulse.schemas.event.RoomAction;
import io.livepulse.schemas.event.RoomEvent;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.SentimentAlert;
import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.serving.api.Route;
import io.livepulse.serving.auth.ApiKeys;
import io.livepulse.serving.auth.Role;
import io.livepulse.serving.model.LexiconModel;
import io.livepulse.serving.model.ScoresModel;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API against a real embedded broker, registry and RocksDB store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServingApiITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static final String PLATFORM = "platform-key";
    static final String OPERATOR = "operator-key";
    static final String BURST = "burst-key";
    static final String MODEL = "recommender-test";
    /** The served test model blends its scores with the repeat signal, as the selected recommender does. */
    static final RankerParams BLEND = new RankerParams(1, false);

    KafkaProducer<String, SpecificRecord> producer;
    ServingServer server;
    ServingConfig config;
    TopicCatalog topics;
    ApiKeys keys;
    long now;

    @BeforeAll
    void start(@TempDir Path dir) {
        config = ServingFixture.config(KAFKA.bootstrapServers(), dir.resolve("data"),
                Map.of("serving.recommender-model", MODEL, "serving.rate-limit-per-second", "40"));
        topics = TopicCatalog.of(config.platform());
        keys = ApiKeys.none().with("platform", Set.of(Role.PLATFORM), PLATFORM)
                .with("operator", Set.of(Role.OPERATOR), OPERATOR)
                .with("burst", Set.of(Role.PLATFORM), BURST);
        ScoresModel.write(new ModelRegistry(config.registryRoot()), MODEL, ScoresModel.KIND,
                Map.of(PSEUDONYMS.pseudonym("u-model"), Map.of("s-r2", 0.9, "s-r3", 0.8, "s-r-ended", 0.99)), BLEND);
        LexiconModel.write(new ModelRegistry(config.registryRoot()), config.sentimentModelEn().fallback().orElseThrow(),
                Map.of("great", 0.8, "awful", -0.9));
        server = startServer();
        producer = ServingFixture.producer(KAFKA.bootstrapServers());
        now = System.currentTimeMillis();
        abortedWrite(userRoom(PSEUDONYMS.pseudonym("u-aborted"), "r3", 50_000));
        for (String room : List.of("r1", "r2", "r3", "r-ended")) {
            send(producer, topics.roomCatalog(), room, room(room, RoomAction.STARTED, now - 60_000));
        }
        send(producer, topics.roomCatalog(), "r-ended", room("r-ended", RoomAction.ENDED, now - 1_000));
        var comeback = room("r4", RoomAction.STARTED, now - 500);
        comeback.setStreamerId("s-r-ended");
        send(producer, topics.roomCatalog(), "r4", comeback);
        send(producer, topics.roomMetrics(), "r1", metrics("r1", 300, 9.0));
        send(producer, topics.roomMetrics(), "r2", metrics("r2", 200, 5.0));
        send(producer, topics.roomMetrics(), "r3", metrics("r3", 100, 1.0));
        send(producer, topics.roomMetrics(), "r-ended", metrics("r-ended", 900, 99.0));
        String history = PSEUDONYMS.pseudonym("u-history");
        String modelUser = PSEUDONYMS.pseudonym("u-model");
        send(producer, topics.userRoomFeatures(), history + "/r3", userRoom(history, "r3", 60_000));
        send(producer, topics.userRoomFeatures(), history + "/r-ended", userRoom(history, "r-ended", 90_000));
        send(producer, topics.userRoomFeatures(), modelUser + "/r3", userRoom(modelUser, "r3", 10_000));
        send(producer, topics.sentimentAlerts(), "r2", alert("alert-1", "r2"));
        await("records in the store", () -> server.features().userRooms(PSEUDONYMS.pseudonym("u-model")).size() == 1
                && server.features().isLive("r4")
                && server.features().trending(10).size() == 3 && !server.features().recentAlerts(1).isEmpty());
        await("the test models", () -> server.watcher().slots().get(0).version() == 1
                && server.watcher().slots().get(2).version() == 1);
    }

    /** What a failed job attempt leaves behind: records in a transaction that was rolled back. */
    void abortedWrite(SpecificRecord record) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-aborted");
        try (var transactional = new KafkaProducer<String, SpecificRecord>(props,
                new StringSerializer(), new AvroSerde.RecordSerializer())) {
            transactional.initTransactions();
            transactional.beginTransaction();
            send(transactional, topics.userRoomFeatures(), PSEUDONYMS.pseudonym("u-aborted") + "/r3", record);
            transactional.abortTransaction();
        }
    }

    @Test
    void recordsOfAbortedTransactionsNeverReachTheStore() {
        assertThat(server.features().userRooms(PSEUDONYMS.pseudonym("u-model"))).hasSize(1);
        assertThat(server.features().userRooms(PSEUDONYMS.pseudonym("u-aborted"))).isEmpty();
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

    @Test
    void missingOrUnknownKeysAre401AndTheWrongRoleIs403() {
        var missing = get("/v1/recommendations?user=u1", null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.body().get("error").asText()).isEqualTo("unauthorized");
        assertThat(missing.body().get("reason").asText()).contains("missing API key");
        assertThat(get("/v1/recommendations?user=u1", "nope").status()).isEqualTo(401);
        var wrongRole = get("/v1/models", PLATFORM);
        assertThat(wrongRole.status()).isEqualTo(403);
        assertThat(wrongRole.body().get("reason").asText()).contains("needs [operator]");
        assertThat(get("/v1/recommendations?user=u1", OPERATOR).status()).isEqualTo(403);
        assertThat(get("/metrics", PLATFORM).status()).isEqualTo(403);
        assertThat(get("/health", null).status()).isEqualTo(200);
    }

    @Test
    void keysInTheUrlAreRefusedAndTheDashboardLogsInWithASessionCookie() throws Exception {
        var inUrl = get("/v1/dashboard/stream?key=" + OPERATOR, null);
        assertError(inUrl, 401, "key");
        assertThat(inUrl.body().get("reason").asText()).contains("not accepted in the URL");
        assertError(get("/v1/models?key=" + OPERATOR, null), 401, "key");
        assertError(get("/v1/models?key=" + OPERATOR, OPERATOR), 401, "key");

        assertError(login("{\"key\": \"nope\"}"), 401, "key");
        assertError(login("{\"key\": \"" + PLATFORM + "\"}"), 403, "key");
        assertError(login("not json"), 400, "key");
        assertError(login("{}"), 400, "key");
        var ok = login("{\"key\": \"" + OPERATOR + "\"}");
        assertThat(ok.status()).isEqualTo(200);
        String setCookie = ok.raw().headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("livepulse_session=").contains("; HttpOnly", "; SameSite=Strict",
                "; Path=/", "; Max-Age=28800").doesNotContain(OPERATOR);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertThat(cookie.substring(cookie.indexOf('=') + 1)).matches("[A-Za-z0-9_-]{43}");

        assertThat(withCookie("GET", "/v1/models", cookie).statusCode()).isEqualTo(200);
        assertThat(withCookie("GET", "/v1/recommendations?user=u1", cookie).statusCode()).isEqualTo(403);
        assertThat(withCookie("GET", "/v1/models", "livepulse_session=forged").statusCode()).isEqualTo(401);
        var stream = ServingFixture.HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.port() + "/v1/dashboard/stream")).header("Cookie", cookie)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        stream.get().body().close();

        String token = server.dashboardLoginToken(OPERATOR);
        var byLink = login("{\"loginToken\": \"" + token + "\"}");
        assertThat(byLink.status()).isEqualTo(200);
        String linkCookie = byLink.raw().headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertThat(withCookie("GET", "/v1/models", linkCookie).statusCode()).isEqualTo(200);
        assertError(login("{\"loginToken\": \"" + token + "\"}"), 401, "loginToken");

        assertThat(withCookie("POST", "/dashboard/logout", cookie).headers().firstValue("Set-Cookie").orElseThrow())
                .contains("Max-Age=0");
        assertThat(withCookie("GET", "/v1/models", cookie).statusCode()).isEqualTo(401);
        assertThat(withCookie("GET", "/v1/models", linkCookie).statusCode()).isEqualTo(200);
    }

    ServingFixture.Answer login(String body) {
        return call(server.port(), "POST", "/dashboard/login", null, body);
    }

    HttpResponse<String> withCookie(String method, String path, String cookie) throws Exception {
        return ServingFixture.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void badParametersAre400WithTheField() {
        assertError(get("/v1/recommendations", PLATFORM), 400, "user");
        assertError(get("/v1/recommendations?user=u1&k=0", PLATFORM), 400, "k");
        assertError(get("/v1/recommendations?user=u1&k=abc", PLATFORM), 400, "k");
        assertError(get("/v1/recommendations?user=" + "x".repeat(129), PLATFORM), 400, "user");
        assertError(get("/v1/rooms/trending?k=1000", OPERATOR), 400, "k");
        assertError(call(server.port(), "POST", "/v1/sentiment", PLATFORM, "{not json"), 400, "body");
        assertError(call(server.port(), "POST", "/v1/sentiment", PLATFORM, "{\"texts\": [\"ok\", 3]}"), 400,
                "texts[1]");
        assertError(call(server.port(), "POST", "/v1/sentiment", PLATFORM, "{}"), 400, "text");
        assertError(call(server.port(), "POST", "/v1/sentiment", PLATFORM, ""), 400, "body");
        var noModel = call(server.port(), "POST", "/v1/sentiment", PLATFORM, "{\"text\": \"主播好棒 nice\"}");
        assertThat(noModel.status()).isEqualTo(503);
        assertThat(noModel.body().get("reason").asText()).contains("no sentiment model for language 'zh'");
        var unknown = get("/v1/nothing", PLATFORM);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("error").asText()).isEqualTo("not_found");
    }

    @Test
    void sentimentLabelsOneTextOrABatchWithTheModelOfItsLanguage() {
        var one = call(server.port(), "POST", "/v1/sentiment", PLATFORM, "{\"text\": \"what a great stream\"}");
        assertThat(one.status()).isEqualTo(200);
        var result = one.body().get("results").get(0);
        assertThat(result.get("label").asText()).isEqualTo("positive");
        assertThat(result.get("score").asDouble()).isEqualTo(0.8);
        assertThat(result.get("language").asText()).isEqualTo("en");
        assertThat(result.get("modelVersion").asInt()).isEqualTo(1);
        var batch = call(server.port(), "POST", "/v1/sentiment", PLATFORM,
                "{\"texts\": [\"awful lag\", \"ok\", \"great great\"]}");
        assertThat(batch.body().get("results")).extracting(r -> r.get("label").asText())
                .containsExactly("negative", "neutral", "positive");
    }

    @Test
    void aNewUserGetsPopularLiveRooms() {
        var answer = get("/v1/recommendations?user=u-new&k=2", PLATFORM);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("coldStart").asBoolean()).isTrue();
        assertThat(items(answer.body())).containsExactly("r1:popular", "r2:popular");
    }

    @Test
    void aKnownUserGetsTheLiveRoomsOfTheirStreamersThenPopularButNeverEndedRooms() {
        var withoutModel = get("/v1/recommendations?user=u-history&k=4", PLATFORM);
        // the model does not know u-history: their streamers first (equal visits and times: the longer watched,
        // s-r-ended, broadcasting in r4 now, first), then popular rooms; never the ended room
        assertThat(items(withoutModel.body())).containsExactly("r4:repeat", "r3:repeat", "r1:popular", "r2:popular");
        assertThat(withoutModel.body().get("items").get(0).get("score").asDouble()).isCloseTo(1 + 2 / 3.0,
                within(1e-9));
        assertThat(withoutModel.body().get("coldStart").asBoolean()).isFalse();
    }

    @Test
    void thePlatformsOwnIdsAreLookedUpUnderTheCollectorsPseudonymAndEchoedBack() {
        var answer = get("/v1/recommendations?user=u-history&k=1", PLATFORM);
        assertThat(answer.body().get("user").asText()).isEqualTo("u-history");
        assertThat(answer.body().get("coldStart").asBoolean()).isFalse();
        // a pseudonym is not an id the platform knows: applied again, it names nobody
        var byPseudonym = get("/v1/recommendations?user=" + PSEUDONYMS.pseudonym("u-history") + "&k=1", PLATFORM);
        assertThat(byPseudonym.body().get("coldStart").asBoolean()).isTrue();
    }

    @Test
    void theServedModelRanksLiveRoomsWithSimilarAndRepeatReasons() {
        var answer = get("/v1/recommendations?user=u-model&k=3", PLATFORM);
        assertThat(answer.body().get("model").asText()).isEqualTo(MODEL);
        assertThat(answer.body().get("modelVersion").asInt()).isEqualTo(1);
        // s-r3: 0.8 + repeat 1.5; s-r-ended (live in r4) 0.99; s-r2 0.9; r1's streamer has no score
        assertThat(items(answer.body())).containsExactly("r3:repeat", "r4:similar", "r2:similar");
        assertThat(answer.body().get("items").get(0).get("score").asDouble()).isCloseTo(2.3, within(1e-9));
    }

    @Test
    void roomsAndModelsForOperators() {
        var trending = get("/v1/rooms/trending?k=2", OPERATOR);
        assertThat(trending.body().get("rooms")).extracting(n -> n.get("roomId").asText()).containsExactly("r1", "r2");
        var room = get("/v1/rooms/r2/metrics", OPERATOR);
        assertThat(room.status()).isEqualTo(200);
        assertThat(room.body().get("live").asBoolean()).isTrue();
        assertThat(room.body().get("metrics").get("concurrentViewers").asInt()).isEqualTo(200);
        assertThat(room.body().get("room").get("category").asText()).isEqualTo("games");
        assertError(get("/v1/rooms/zzz/metrics", OPERATOR), 404, "id");
        var models = get("/v1/models", OPERATOR).body().get("models");
        assertThat(models.get(0).get("task").asText()).isEqualTo("recommender");
        assertThat(models.get(0).get("name").asText()).isEqualTo(MODEL);
        assertThat(models.get(0).get("version").asInt()).isEqualTo(1);
        assertThat(models.get(0).get("kind").asText()).isEqualTo(ScoresModel.KIND);
        assertThat(models.get(0).get("metrics").get("ndcg@10").asDouble()).isEqualTo(0.5);
        var alerts = get("/v1/alerts", OPERATOR).body().get("alerts");
        assertThat(alerts.get(0).get("alertId").asText()).isEqualTo("alert-1");
    }

    @Test
    void openApiDocumentsEveryRouteAndNothingElse() {
        JsonNode paths = get("/openapi.json", null).body().get("paths");
        var documented = new ArrayList<String>();
        paths.fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        var served = server.routes().stream().map(r -> r.method().name() + " " + r.path()).toList();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
        for (Route route : server.routes()) {
            boolean secured = paths.get(route.path()).get(route.method().name().toLowerCase(Locale.ROOT))
                    .has("security");
            assertThat(secured).as("security of %s", route.path()).isEqualTo(!route.roles().isEmpty());
        }
        var docs = get("/docs", null);
        assertThat(docs.raw().body()).contains("swagger-ui-bundle.js");
        String script = docs.raw().body().replaceAll("(?s).*src=\"([^\"]+swagger-ui-bundle.js)\".*", "$1");
        assertThat(get(script, null).status()).isEqualTo(200);
    }

    @Test
    void metricsShowLatencyPerRouteModelVersionsAndLag() {
        get("/v1/recommendations?user=u-new", PLATFORM);
        String text = get("/metrics", OPERATOR).raw().body();
        assertThat(text).contains("livepulse_http_requests_seconds_bucket{method=\"GET\",route=\"/v1/recommendations\"");
        assertThat(text).contains("livepulse_model_version{model=\"recommender\"} 1.0");
        assertThat(text).contains("livepulse_feature_store_lag_records{topic=\"" + topics.roomMetrics() + "\"}");
        assertThat(text).contains("livepulse_feature_store_lag_seconds");
        assertThat(text).contains("livepulse_pipeline_lag_seconds");
    }

    @Test
    void aKeyOverItsRateGets429WithRetryAfter() {
        // A burst from many threads: the key's bucket (40/s, bursts of 80) empties however slow the machine is.
        ServingFixture.Answer limited = null;
        for (int round = 0; round < 5 && limited == null; round++) {
            limited = java.util.stream.IntStream.range(0, 200).parallel()
                    .mapToObj(i -> get("/v1/ping", BURST)).filter(a -> a.status() == 429).findAny().orElse(null);
        }
        assertThat(limited).as("a 429 among 200 concurrent requests").isNotNull();
        assertThat(limited.body().get("error").asText()).isEqualTo("rate_limited");
        assertThat(limited.raw().headers().firstValue("Retry-After")).hasValue("1");
        assertThat(get("/v1/ping", PLATFORM).status()).isEqualTo(200);
    }

    @Test
    @Order(Integer.MAX_VALUE - 1)
    void aNewModelVersionIsServedWithoutRestartAndACorruptOneIsRejected() throws Exception {
        var registry = new ModelRegistry(config.registryRoot());
        ScoresModel.write(registry, MODEL, ScoresModel.KIND,
                Map.of(PSEUDONYMS.pseudonym("u-model"), Map.of("s-r1", 0.7)), BLEND);
        await("v2 served", () -> get("/v1/recommendations?user=u-model&k=1", PLATFORM).body().get("modelVersion")
                .asInt() == 2);
        assertThat(items(get("/v1/recommendations?user=u-model&k=2", PLATFORM).body()))
                .containsExactly("r3:repeat", "r1:similar");
        // corrupted before it appears in the registry, so the watcher can only ever see the corrupt version
        var staging = new ModelRegistry(config.registryRoot().resolveSibling("staging"));
        ScoresModel.write(staging, MODEL, ScoresModel.KIND, Map.of());
        ScoresModel.write(staging, MODEL, ScoresModel.KIND, Map.of());
        var v3 = ScoresModel.write(staging, MODEL, ScoresModel.KIND, Map.of("u-model", Map.of("s-r2", 0.1)));
        Files.writeString(v3.dir().resolve("scores.json"), "{\"u-model\": {\"s-r3\": 1.0}}");
        Files.move(v3.dir(), config.registryRoot().resolve(MODEL).resolve("3"), StandardCopyOption.ATOMIC_MOVE);
        await("v3 rejected", () -> !get("/v1/models", OPERATOR).body().get("models").get(0).get("lastRejection")
                .isNull());
        var model = get("/v1/models", OPERATOR).body().get("models").get(0);
        assertThat(model.get("version").asInt()).isEqualTo(2);
        assertThat(model.get("lastRejection").asText()).startsWith(MODEL + " v3:").contains("checksum mismatch");
        assertThat(items(get("/v1/recommendations?user=u-model&k=2", PLATFORM).body()))
                .containsExactly("r3:repeat", "r1:similar");
        assertThat(get("/metrics", OPERATOR).raw().body())
                .contains("livepulse_model_rejected_total{model=\"recommender\"} 1.0");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void theStoreSurvivesARestartAndModelsReload() {
        server.close();
        server = startServer();
        var room = get("/v1/rooms/r1/metrics", OPERATOR);
        assertThat(room.status()).isEqualTo(200);
        assertThat(room.body().get("metrics").get("concurrentViewers").asInt()).isEqualTo(300);
        assertThat(items(get("/v1/recommendations?user=u-history&k=1", PLATFORM).body())).containsExactly("r4:repeat");
        send(producer, topics.roomMetrics(), "r3", metrics("r3", 777, 1.0));
        await("a record after the restart", () -> server.features().roomMetrics("r3").orElseThrow()
                .getConcurrentViewers() == 777);
    }

    static List<String> items(JsonNode body) {
        var out = new ArrayList<String>();
        body.get("items").forEach(i -> out.add(i.get("roomId").asText() + ":" + i.get("reason").asText()));
        return out;
    }

    static void assertError(ServingFixture.Answer answer, int status, String field) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(status);
        assertThat(answer.body().get("field").asText()).isEqualTo(field);
        assertThat(answer.body().get("reason").asText()).isNotBlank();
    }

    RoomEvent room(String roomId, RoomAction action, long timeMs) {
        return RoomEvent.newBuilder().setEventId(roomId + action).setUserId("s-" + roomId).setRoomId(roomId)
                .setEventTimeMs(timeMs).setReceivedTimeMs(timeMs).setSchemaVersion(1).setAction(action)
                .setStreamerId("s-" + roomId).setCategory("games").setTitle("room " + roomId).setTags(List.of())
                .setLanguage("zh").build();
    }

    RoomMetrics metrics(String roomId, int ccu, double trending) {
        return RoomMetrics.newBuilder().setRoomId(roomId).setWindowStartMs(now - 60_000).setWindowEndMs(now)
                .setConcurrentViewers(ccu).setNewViewers(1).setAvgWatchTimeMs(120_000).setAvgInteractionsPerMinute(2.5)
                .setInteractions(10).setGiftRevenueMinor(500).setOrderRevenueMinor(1_000).setNewSubscriptions(1)
                .setAdImpressions(100).setAdClicks(3).setCtr(0.03).setProductClicks(4).setOrders(1).setConversion(0.25)
                .setTrendingScore(trending).setCategory("games").build();
    }

    UserRoomFeatures userRoom(String userId, String roomId, long watchMs) {
        return UserRoomFeatures.newBuilder().setUserId(userId).setRoomId(roomId).setWatchTimeMs(watchMs).setSessions(1)
                .setInteractions(2).setInteractionsPerMinute(1.0).setGiftCount(0).setGiftValueMinor(0)
                .setTransmissionTerm(null).setMeanBitrateKbps(null).setMeanBandwidthKbps(null)
                .setFirstEventTimeMs(now).setLastEventTimeMs(now).build();
    }

    SentimentAlert alert(String id, String roomId) {
        return SentimentAlert.newBuilder().setAlertId(id).setRoomId(roomId).setWindowStartMs(now - 60_000)
                .setWindowEndMs(now).setMessages(100).setNegativeMessages(60).setNegativeShare(0.6).setBaselineShare(0.1)
                .setZScore(5.0).setTopNegativeTerms(List.of("垃圾")).setSampleMessages(List.of("太垃圾了"))
                .setRaisedTimeMs(now).build();
    }
}
