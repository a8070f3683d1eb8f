package io.livepulse.serving;

import static io.livepulse.serving.ServingFixture.PSEUDONYMS;
import static io.livepulse.serving.ServingFixture.await;
import static io.livepulse.serving.ServingFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.livepulse.models.privacy.ErasureList;
import io.livepulse.models.recommend.AlsFactors;
import io.livepulse.models.recommend.RankerParams;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.platform.testing.KafkaBrokerExtension;
import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.schemas.feature.WatchSession;
import io.livepulse.serving.auth.ApiKeys;
import io.livepulse.serving.auth.Role;
import io.livepulse.serving.model.ModelKinds;
import io.livepulse.serving.model.ServedRanker;
import io.livepulse.serving.privacy.UserErasure;
import io.livepulse.serving.store.FeatureConsumer;
import io.livepulse.serving.store.OnlineFeatures;
import io.livepulse.serving.store.RocksDbFeatureStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
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
 * Erasure end to end on a real serving process: the real in-process broker, RocksDB store, Parquet files and
 * registry. One user is erased through {@code DELETE /v1/users/{id}}; the test then proves them gone from each store
 * (each assertion fails if its step is left out) and every other user untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ErasureITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static final String OPERATOR = "operator-key";
    static final String PLATFORM = "platform-key";
    static final String MODEL = "recommender-als";
    /** The platform's raw id of the user to erase: it must never appear in any byte under the data directory. */
    static final String RAW = "erase-me-7f3a@example.test";
    static final String VICTIM = PSEUDONYMS.pseudonym(RAW);
    static final String ALICE = PSEUDONYMS.pseudonym("alice");
    static final String BOB = PSEUDONYMS.pseudonym("bob");
    static final long T = 1_796_000_000_000L;

    ServingServer server;
    ServingConfig config;
    TopicCatalog topics;
    Path data;
    Path parquet;
    long now;
    /** Bytes of the Parquet file without the erased user, to prove it is left exactly as it was. */
    byte[] untouched;
    JsonNode answer;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        data = dir.resolve("data");
        parquet = data.resolve("parquet");
        config = ServingFixture.config(KAFKA.bootstrapServers(), data, Map.of("serving.recommender-model", MODEL));
        topics = KAFKA.createTopics(TopicCatalog.of(config.platform()));
        var registry = new ModelRegistry(config.registryRoot());
        writeFactors(registry, List.of(VICTIM, ALICE));
        writeFactors(registry, List.of(ALICE, VICTIM, BOB));
        writeParquet();
        server = ServingServer.start(config, ApiKeys.none().with("operator", Set.of(Role.OPERATOR), OPERATOR)
                .with("platform", Set.of(Role.PLATFORM), PLATFORM), ModelKinds.recommenders(), ModelKinds.sentiment(),
                Clock.systemUTC());
        now = System.currentTimeMillis();
        try (KafkaProducer<String, SpecificRecord> producer = ServingFixture.producer(KAFKA.bootstrapServers())) {
            send(producer, topics.userRoomFeatures(), VICTIM + "/r1", userRoom(VICTIM, "r1", 10_000));
            send(producer, topics.userRoomFeatures(), VICTIM + "/r1", userRoom(VICTIM, "r1", 20_000));
            send(producer, topics.userRoomFeatures(), VICTIM + "/r2", userRoom(VICTIM, "r2", 30_000));
            send(producer, topics.userRoomFeatures(), ALICE + "/r1", userRoom(ALICE, "r1", 40_000));
            send(producer, topics.userRoomFeatures(), BOB + "/r2", userRoom(BOB, "r2", 50_000));
        }
        await("the features in the store", () -> server.features().userRooms(VICTIM).size() == 2
                && server.features().userRooms(BOB).size() == 1);
        await("the served model", () -> servedFactors() != null && servedFactors().knows(VICTIM));
        answer = erase(RAW);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void theAnswerAndTheAuditNameThePseudonymAndCountWhatWasRemovedPerStore() throws IOException {
        assertThat(answer.get("pseudonym").asText()).isEqualTo(VICTIM);
        assertThat(answer.get("actor").asText()).isEqualTo("operator");
        JsonNode removed = answer.get("removed");
        assertThat(removed.get("kafkaTombstones").asInt()).isEqualTo(2);
        assertThat(removed.get("onlineStoreEntries").asInt()).isEqualTo(2);
        assertThat(removed.get("parquetRows").asLong()).isEqualTo(4);
        assertThat(removed.get("parquetFilesRewritten").asInt()).isEqualTo(2);
        assertThat(removed.get("parquetFilesDeleted").asInt()).isEqualTo(1);
        assertThat(removed.get("registryVersions").asInt()).isEqualTo(2);
        assertThat(removed.get("servedModelFactors").asBoolean()).isTrue();
        List<String> audit = Files.readAllLines(data.resolve(UserErasure.AUDIT_FILE));
        assertThat(audit).hasSize(1);
        JsonNode line = ServingFixture.JSON.readTree(audit.get(0));
        assertThat(line.get("pseudonym").asText()).isEqualTo(VICTIM);
        assertThat(line.get("actor").asText()).isEqualTo("operator");
        assertThat(line.get("removed")).isEqualTo(removed);
        assertThat(ErasureList.in(data).all()).containsExactly(VICTIM);
    }

    @Test
    @Order(2)
    void theUserRoomTopicReadToItsEndEndsInTombstonesForTheUserAndKeepsEveryOtherKey() {
        Map<String, byte[]> last = lastByKey(topics.userRoomFeatures());
        assertThat(last).containsOnlyKeys(VICTIM + "/r1", VICTIM + "/r2", ALICE + "/r1", BOB + "/r2");
        assertThat(last.get(VICTIM + "/r1")).isNull();
        assertThat(last.get(VICTIM + "/r2")).isNull();
        var codec = AvroCodec.standard();
        assertThat(codec.decode(last.get(ALICE + "/r1"), UserRoomFeatures.class).getWatchTimeMs()).isEqualTo(40_000);
        assertThat(codec.decode(last.get(BOB + "/r2"), UserRoomFeatures.class).getWatchTimeMs()).isEqualTo(50_000);
    }

    @Test
    @Order(3)
    void theOnlineStoreHasNothingOfTheUserAndEverythingOfTheOthers() {
        assertThat(server.features().userRooms(VICTIM)).isEmpty();
        assertThat(server.features().userRooms(ALICE)).extracting(UserRoomFeatures::getWatchTimeMs)
                .containsExactly(40_000L);
        assertThat(server.features().userRooms(BOB)).extracting(UserRoomFeatures::getWatchTimeMs)
                .containsExactly(50_000L);
    }

    /** A store rebuilt from the topic (a new serving process, before compaction ran) must apply the tombstones. */
    @Test
    @Order(4)
    void aStoreRebuiltFromTheTopicAppliesTheTombstones(@TempDir Path storeDir) {
        try (var store = RocksDbFeatureStore.open(storeDir)) {
            var features = new OnlineFeatures(store, Clock.systemUTC(), Duration.ofMinutes(5));
            try (var consumer = new FeatureConsumer(KAFKA.bootstrapServers(), "erasure-replay",
                    List.of(topics.userRoomFeatures()), topics.userRoomFeatures(), features, r -> {},
                    new SimpleMeterRegistry(), Clock.systemUTC()).start()) {
                await("the replayed topic", () -> store.get("offsets", topics.userRoomFeatures() + "-0")
                        .map(b -> java.nio.ByteBuffer.wrap(b).getLong() >= 7).orElse(false));
                assertThat(consumer.problem()).isEmpty();
            }
            assertThat(features.userRooms(VICTIM)).isEmpty();
            assertThat(features.userRooms(ALICE)).hasSize(1);
            assertThat(features.userRooms(BOB)).hasSize(1);
        }
    }

    @Test
    @Order(5)
    void theParquetFilesHoldNoRowOfTheUserAndEveryRowOfTheOthers() throws IOException {
        Map<String, List<String>> usersByTable = new TreeMap<>();
        for (Path file : parquetFiles()) {
            String table = parquet.relativize(file).getName(0).toString();
            for (GenericRecord r : read(file)) {
                usersByTable.computeIfAbsent(table, t -> new ArrayList<>()).add(r.get("userId").toString());
            }
        }
        assertThat(usersByTable.get("user_room_features")).containsExactlyInAnyOrder(ALICE, BOB, BOB);
        assertThat(usersByTable.get("watch_sessions")).containsExactlyInAnyOrder(ALICE, BOB);
        assertThat(Files.readAllBytes(parquet.resolve("user_room_features/date=2026-12-01/hour=11/part-0-0.parquet")))
                .isEqualTo(untouched);
        assertThat(parquet.resolve("watch_sessions/date=2026-12-01/hour=11/part-0-0.parquet")).doesNotExist();
        try (Stream<Path> walk = Files.walk(parquet)) {
            assertThat(walk.filter(f -> f.getFileName().toString().contains("erasure-tmp"))).isEmpty();
        }
    }

    @Test
    @Order(6)
    void theServedModelDroppedTheUsersFactorsAtOnce() {
        AlsFactors served = servedFactors();
        assertThat(served.knows(VICTIM)).isFalse();
        assertThat(served.knows(ALICE)).isTrue();
        assertThat(served.knows(BOB)).isTrue();
    }

    @Test
    @Order(7)
    void everySavedVersionIsRewrittenWithoutTheUserAndStillVerifies() {
        var registry = new ModelRegistry(config.registryRoot());
        assertThat(registry.versions(MODEL)).containsExactly(1, 2);
        var v1 = AlsFactors.load(registry.load(MODEL, 1));
        var v2 = AlsFactors.load(registry.load(MODEL, 2));
        assertThat(v1.knows(VICTIM)).isFalse();
        assertThat(v2.knows(VICTIM)).isFalse();
        assertThat(v1.users()).isEqualTo(1);
        assertThat(v2.users()).isEqualTo(2);
        assertThat(v2.knows(ALICE) && v2.knows(BOB)).isTrue();
    }

    /** A version written after the erasure that still has the user (a training run under way) is served without. */
    @Test
    @Order(8)
    void aVersionLoadedAfterTheErasureForgetsTheUserToo() {
        writeFactors(new ModelRegistry(config.registryRoot()), List.of(VICTIM, ALICE, BOB));
        await("version 3 served", () -> server.watcher().slots().get(0).version() == 3);
        assertThat(servedFactors().knows(VICTIM)).isFalse();
        assertThat(servedFactors().knows(ALICE)).isTrue();
    }

    @Test
    @Order(9)
    void theRawIdIsInNoByteUnderTheDataDirectory() throws IOException {
        byte[] raw = RAW.getBytes(StandardCharsets.UTF_8);
        var holding = new ArrayList<Path>();
        try (Stream<Path> walk = Files.walk(data)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                if (contains(Files.readAllBytes(file), raw)) {
                    holding.add(file);
                }
            }
        }
        assertThat(holding).isEmpty();
    }

    @Test
    @Order(10)
    void badRequestsAreRefusedWithAReason() {
        assertThat(ServingFixture.call(server.port(), "DELETE", "/v1/users/x", PLATFORM, null).status()).isEqualTo(403);
        assertThat(ServingFixture.call(server.port(), "DELETE", "/v1/users/x", null, null).status()).isEqualTo(401);
        var blank = ServingFixture.call(server.port(), "DELETE", "/v1/users/%20", OPERATOR, null);
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.body().get("field").asText()).isEqualTo("id");
        var tooLong = ServingFixture.call(server.port(), "DELETE", "/v1/users/" + "x".repeat(129), OPERATOR, null);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().get("reason").asText()).contains("128");
    }

    JsonNode erase(String rawId) {
        var response = ServingFixture.call(server.port(), "DELETE", "/v1/users/"
                + java.net.URLEncoder.encode(rawId, StandardCharsets.UTF_8), OPERATOR, null);
        assertThat(response.status()).as("%s", response.raw().body()).isEqualTo(200);
        return response.body();
    }

    AlsFactors servedFactors() {
        return server.watcher().slots().get(0).current()
                .map(m -> (AlsFactors) ((ServedRanker) m).ranker().model().orElseThrow()).orElse(null);
    }

    static void writeFactors(ModelRegistry registry, List<String> users) {
        int rank = 2;
        float[] uf = new float[users.size() * rank];
        for (int i = 0; i < uf.length; i++) {
            uf[i] = 0.1f * (i + 1);
        }
        var factors = new AlsFactors(rank, users.toArray(String[]::new), uf, new String[] {"s1", "s2"},
                new float[] {1, 0, 0, 1});
        registry.write(new ModelRegistry.Draft(MODEL, AlsFactors.KIND, Map.of("rows", users.size()),
                Map.of(RankerParams.MANIFEST_KEY, new RankerParams(0, false).asMap()), Map.of()),
                dir -> factors.write(dir.resolve(AlsFactors.FILE)));
    }

    void writeParquet() throws IOException {
        Path urf = parquet.resolve("user_room_features/date=2026-12-01");
        Path ws = parquet.resolve("watch_sessions/date=2026-12-01");
        // mixed: the user and others (rewritten), SNAPPY as the file sink writes them
        writeFile(urf.resolve("hour=10/part-0-0.parquet"), List.of(userRoom(VICTIM, "r1", 1), userRoom(ALICE, "r1", 2),
                userRoom(VICTIM, "r2", 3), userRoom(BOB, "r2", 4)));
        // others only (left as it is)
        writeFile(urf.resolve("hour=11/part-0-0.parquet"), List.of(userRoom(BOB, "r3", 5)));
        untouched = Files.readAllBytes(urf.resolve("hour=11/part-0-0.parquet"));
        writeFile(ws.resolve("hour=10/part-0-0.parquet"), List.of(session(VICTIM, "r1"), session(ALICE, "r1"),
                session(BOB, "r2")));
        // the user only (deleted)
        writeFile(ws.resolve("hour=11/part-0-0.parquet"), List.of(session(VICTIM, "r2")));
        // a table without user ids is never touched
        Files.createDirectories(parquet.resolve("room_metrics"));
    }

    static <T extends SpecificRecordBase> void writeFile(Path file, List<T> records) throws IOException {
        Files.createDirectories(file.getParent());
        try (var writer = AvroParquetWriter.<T>builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withSchema(records.get(0).getSchema())
                .withDataModel(SpecificData.get())
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .build()) {
            for (T r : records) {
                writer.write(r);
            }
        }
    }

    List<Path> parquetFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(parquet)) {
            return walk.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
    }

    static List<GenericRecord> read(Path file) throws IOException {
        var out = new ArrayList<GenericRecord>();
        try (var reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file),
                new PlainParquetConfiguration()).withDataModel(GenericData.get()).build()) {
            GenericRecord r;
            while ((r = reader.read()) != null) {
                out.add(r);
            }
        }
        return out;
    }

    Map<String, byte[]> lastByKey(String topic) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        var last = new HashMap<String, byte[]>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                assertThat(System.nanoTime()).as("read %s to its end", topic).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(r -> last.put(new String(r.key(),
                        StandardCharsets.UTF_8), r.value()));
            }
        }
        return last;
    }

    UserRoomFeatures userRoom(String userId, String roomId, long watchMs) {
        long at = now == 0 ? T : now;
        return UserRoomFeatures.newBuilder().setUserId(userId).setRoomId(roomId).setWatchTimeMs(watchMs).setSessions(1)
                .setInteractions(2).setInteractionsPerMinute(1.0).setGiftCount(0).setGiftValueMinor(0)
                .setTransmissionTerm(null).setMeanBitrateKbps(null).setMeanBandwidthKbps(null)
                .setFirstEventTimeMs(at).setLastEventTimeMs(at).build();
    }

    static WatchSession session(String userId, String roomId) {
        return WatchSession.newBuilder().setUserId(userId).setRoomId(roomId).setStartTimeMs(T).setEndTimeMs(T + 60_000)
                .setWatchTimeMs(60_000).setHeartbeats(2).setTransmissionTerm(null).setMeanBitrateKbps(null)
                .setMeanBandwidthKbps(null).setInteractions(1).setInteractionsPerMinute(1.0).setGiftCount(0)
                .setGiftValueMinor(0).build();
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
