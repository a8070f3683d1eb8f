package io.livepulse.serving;

import static io.livepulse.serving.ServingFixture.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.models.recommend.AlsFactors;
import io.livepulse.models.recommend.Availability;
import io.livepulse.models.recommend.EvalInstance;
import io.livepulse.models.recommend.LiveEvaluation;
import io.livepulse.models.recommend.LiveSplit;
import io.livepulse.models.recommend.NextStreamerNet;
import io.livepulse.models.recommend.RankerParams;
import io.livepulse.models.recommend.RankingMetrics;
import io.livepulse.models.recommend.Recommenders;
import io.livepulse.models.recommend.ViewingLog;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.simulation.PlatformSimulator;
import io.livepulse.models.simulation.Room;
import io.livepulse.models.simulation.SimulationConfig;
import io.livepulse.platform.testing.KafkaBrokerExtension;
import io.livepulse.schemas.event.RoomAction;
import io.livepulse.schemas.event.RoomEvent;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.serving.auth.ApiKeys;
import io.livepulse.serving.auth.Role;
import io.livepulse.serving.model.ModelKinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Offline/online parity: every servable recommender kind is evaluated twice on a small simulated log, by the
 * offline evaluation and through {@code GET /v1/recommendations} with the online store holding, at each test
 * instance, exactly the user's history and the streamers live at that time. The rankings are the same code, so
 * HR@k and NDCG@k must be equal, not close.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecommenderParityITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static final String PLATFORM = "platform-key";
    static final int INSTANCES = 60;

    ViewingLog log;
    String[] texts;
    double[] popularity;
    LiveEvaluation evaluation;
    Availability availability;
    List<EvalInstance> test;
    ModelRegistry registry;
    ServingServer server;
    final Map<String, Boolean> liveNow = new HashMap<>();
    /** The platform's id of each pseudonym in the log: what the platform sends to the API. */
    final Map<String, String> platformIds = new HashMap<>();
    long eventTime = 1;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        var config = SimulationConfig.twitch100k(7).withUsers(400).withStreamers(60).withDays(6);
        var simulator = new PlatformSimulator(config);
        Path csv = dir.resolve("log.csv");
        simulator.writeLiveRecLog(csv);
        // what training reads in production: the collector's pseudonyms, never the platform's ids
        var lines = new ArrayList<String>();
        for (String line : Files.readAllLines(csv)) {
            int comma = line.indexOf(',');
            String raw = line.substring(0, comma);
            String pseudonym = ServingFixture.PSEUDONYMS.pseudonym(raw);
            platformIds.put(pseudonym, raw);
            lines.add(pseudonym + line.substring(comma));
        }
        Files.write(csv, lines);
        log = ViewingLog.read(csv);
        var byStreamer = new HashMap<String, String>();
        for (int day = 0; day < config.days(); day++) {
            for (Room room : simulator.roomsOfDay(day)) {
                byStreamer.put(room.streamerId(), room.category() + " " + room.title() + " " + room.language());
            }
        }
        texts = new String[log.streamers()];
        for (int s = 0; s < texts.length; s++) {
            texts[s] = byStreamer.get(log.streamerName(s));
        }
        var split = LiveSplit.of(log);
        popularity = split.trainingPopularity(log);
        availability = Availability.of(log, split.validationStart(), split.maxStep());
        evaluation = new LiveEvaluation(log, availability, popularity, texts);
        test = split.instances(log, LiveSplit.Period.TEST).subList(0, INSTANCES);

        registry = new ModelRegistry(dir.resolve("data").resolve("models"));
        writeModels();
        var serving = ServingFixture.config(KAFKA.bootstrapServers(), dir.resolve("data"),
                // the log's clock starts at 1970: user-room features must not expire under the retention TTL
                Map.of("serving.registry-poll", "1h", "serving.user-room-ttl", "36500d"));
        var keys = ApiKeys.none().with("platform", Set.of(Role.PLATFORM), PLATFORM);
        server = ServingServer.start(serving, keys, ModelKinds.recommenders(), ModelKinds.sentiment(),
                Clock.systemUTC());
        for (int s = 0; s < log.streamers(); s++) {
            String name = log.streamerName(s);
            server.features().apply(RoomMetrics.newBuilder().setRoomId(name).setWindowStartMs(0).setWindowEndMs(1)
                    .setConcurrentViewers(1).setNewViewers(0).setAvgWatchTimeMs(0).setAvgInteractionsPerMinute(0)
                    .setInteractions(0).setGiftRevenueMinor(0).setOrderRevenueMinor(0).setNewSubscriptions(0)
                    .setAdImpressions(0).setAdClicks(0).setCtr(0).setProductClicks(0).setOrders(0).setConversion(0)
                    .setTrendingScore(popularity[s]).setCategory("").build());
            setLive(s, false);
        }
    }

    /** Random factors and weights: parity is about identical rankings, not about a good model. */
    void writeModels() {
        var random = new Random(3);
        int rank = 8;
        float[] users = new float[log.users() * rank];
        float[] items = new float[log.streamers() * rank];
        for (int i = 0; i < users.length; i++) {
            users[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < items.length; i++) {
            items[i] = (float) random.nextGaussian();
        }
        // every other user is unknown to ALS, so the fold-in and content fallbacks are exercised too
        String[] userIds = new String[log.users()];
        for (int u = 0; u < userIds.length; u++) {
            userIds[u] = u % 2 == 0 ? log.userId(u) : "not-" + log.userId(u);
        }
        String[] streamerIds = new String[log.streamers()];
        for (int s = 0; s < streamerIds.length; s++) {
            streamerIds[s] = log.streamerName(s);
        }
        var factors = new AlsFactors(rank, userIds, users, streamerIds, items);
        write("recommender-als", AlsFactors.KIND, new RankerParams(0, false),
                d -> factors.write(d.resolve(AlsFactors.FILE)));
        write("recommender-blend", AlsFactors.KIND, new RankerParams(3, true),
                d -> factors.write(d.resolve(AlsFactors.FILE)));
        int hidden = 6;
        int n = log.streamers() - 5; // some streamers out of the vocabulary
        float[] w1 = new float[n * hidden];
        float[] w2 = new float[hidden * n];
        for (int i = 0; i < w1.length; i++) {
            w1[i] = (float) random.nextGaussian();
            w2[i] = (float) random.nextGaussian();
        }
        var net = new NextStreamerNet(java.util.Arrays.copyOf(streamerIds, n), hidden, w1, new float[hidden], w2,
                new float[n]);
        write("recommender-neural", NextStreamerNet.KIND, new RankerParams(0, false),
                d -> net.write(d.resolve(NextStreamerNet.FILE)));
        for (var e : Map.of("recommender-popularity", new RankerParams(0, false), "recommender-repeat",
                new RankerParams(1, false), "recommender-content", new RankerParams(0, true)).entrySet()) {
            write(e.getKey(), Recommenders.MODEL_FREE_KIND, e.getValue(), d -> Recommenders.writeModelFree(
                    e.getValue(), d));
        }
    }

    void write(String name, String kind, RankerParams params, ModelRegistry.PayloadWriter payload) {
        registry.write(new ModelRegistry.Draft(name, kind, Map.of(), Map.of(RankerParams.MANIFEST_KEY,
                params.asMap()), Map.of()), payload);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"recommender-popularity", "recommender-repeat", "recommender-content", "recommender-als",
        "recommender-blend", "recommender-neural"})
    void theApiRanksExactlyAsTheOfflineEvaluation(String model) throws Exception {
        var entry = registry.latest(model).orElseThrow();
        registry.promote("recommender", entry, "parity test", Map.of());
        server.watcher().poll();
        assertThat(server.watcher().slots().get(0).modelName()).isEqualTo(model);
        RankingMetrics offline = evaluation.evaluate(Recommenders.load(entry), test, null);

        var ranks = new ArrayList<Integer>();
        for (EvalInstance q : test) {
            ranks.add(onlineRank(q));
        }
        assertThat(hitRate(ranks, 1)).as("HR@1").isEqualTo(offline.all().hr1());
        assertThat(hitRate(ranks, 5)).as("HR@5").isEqualTo(offline.all().hr5());
        assertThat(hitRate(ranks, 10)).as("HR@10").isEqualTo(offline.all().hr10());
        assertThat(ndcg(ranks, 10)).as("NDCG@10").isEqualTo(offline.all().ndcg10());
        // and instance by instance
        for (int i = 0; i < test.size(); i++) {
            int rank = evaluation.rank(Recommenders.load(entry), test.get(i));
            assertThat(ranks.get(i)).as("rank of instance %d", i).isEqualTo(rank <= 10 ? rank : 11);
        }
    }

    /** Puts the instance's state into the online store and asks the API: the target's rank, 11 when not in the top 10. */
    int onlineRank(EvalInstance q) throws Exception {
        var live = new HashSet<Integer>();
        for (int c : availability.liveAt(q.targetStep())) {
            live.add(c);
        }
        for (int s = 0; s < log.streamers(); s++) {
            setLive(s, live.contains(s));
        }
        var query = evaluation.query(q);
        String user = query.userId();
        for (var w : query.history()) {
            server.features().apply(UserRoomFeatures.newBuilder().setUserId(user).setRoomId(w.streamerId())
                    .setWatchTimeMs(w.watchMs()).setSessions(w.visits()).setInteractions(0)
                    .setInteractionsPerMinute(0).setGiftCount(0).setGiftValueMinor(0).setTransmissionTerm(null)
                    .setMeanBitrateKbps(null).setMeanBandwidthKbps(null).setFirstEventTimeMs(w.lastTimeMs())
                    .setLastEventTimeMs(w.lastTimeMs()).build());
        }
        var answer = call(server.port(), "GET", "/v1/recommendations?k=10&user=" + platformIds.get(user), PLATFORM,
                null);
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        String target = log.streamerName(q.target());
        var items = answer.body().get("items");
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).get("streamerId").asText().equals(target)) {
                return i + 1;
            }
        }
        return 11;
    }

    void setLive(int s, boolean live) {
        String name = log.streamerName(s);
        if (liveNow.get(name) != null && liveNow.get(name) == live) {
            return;
        }
        liveNow.put(name, live);
        long t = eventTime++;
        String text = texts[s] == null ? "" : texts[s];
        server.features().apply(RoomEvent.newBuilder().setEventId(name + t).setUserId(name).setRoomId(name)
                .setEventTimeMs(t).setReceivedTimeMs(t).setSchemaVersion(1)
                .setAction(live ? RoomAction.STARTED : RoomAction.ENDED).setStreamerId(name).setCategory("")
                .setTitle(text).setTags(List.of()).setLanguage("").build());
    }

    double hitRate(List<Integer> ranks, int k) {
        return ranks.stream().filter(r -> r <= k).count() / (double) ranks.size();
    }

    /** As {@link LiveEvaluation} sums it. */
    double ndcg(List<Integer> ranks, int k) {
        double sum = 0;
        for (int r : ranks) {
            if (r <= k) {
                sum += 1.0 / (Math.log(r + 1) / Math.log(2));
            }
        }
        return sum / ranks.size();
    }
}
