package io.livepulse.ingestion.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livepulse.ingestion.CollectorMain;
import io.livepulse.platform.kafka.InProcessKafkaBroker;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.event.DeadLetter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Posts raw user ids in every malformed shape through the real collector into a real broker, then looks for them
 * in every byte Kafka holds: every record (key, value, headers) of every topic, and every file of the broker's
 * data directory, both as stored and with each log segment's batches decompressed.
 */
class RawUserIdsAtRestITCase {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** Raw ids by shape; each must be absent at rest. */
    private final Map<String, String> ids = new LinkedHashMap<>();

    private String id(String shape) {
        String raw = "raw-" + shape + "-u" + (7_000_000 + ids.size() * 7_919);
        ids.put(shape, raw);
        return raw;
    }

    @Test
    void noRawUserIdReachesKafkaInAnyShapeAndSealedPayloadsOpenWithTheKey(@TempDir Path dir) throws Exception {
        try (var broker = InProcessKafkaBroker.start(dir.resolve("kafka"), 0)) {
            var base = CollectorITCase.config(broker.bootstrapServers(), "privacy.");
            var config = new CollectorConfig(base.platform(), base.port(), base.maxBodyBytes(),
                    base.maxEventsPerRequest(), base.maxFutureSkew(), base.maxTextChars(), base.dedupWindow(),
                    base.dedupMaxIds(), base.produceTimeout(), base.producerLinger(), base.httpThreads(),
                    base.retryAfterSeconds(), base.pseudonymKey(),
                    CollectorConfig.DEMO_DEAD_LETTER_KEY.getBytes(StandardCharsets.UTF_8), false);
            CollectorITCase.createTopics(config);
            var templates = CollectorITCase.simulatedJson(3, 20);
            int expectedDeadLetters;
            int expectedAccepted = 0;
            try (var server = CollectorServer.start(config)) {
                int port = server.port();
                var bodies = new ArrayList<Post>();
                // a valid event: accepted, its id pseudonymised in the event topic
                bodies.add(json(event(templates.get(0), id("valid"))));
                expectedAccepted++;
                // truncated JSON after the id
                byte[] whole = json(event(templates.get(1), id("truncated"))).body;
                bodies.add(new Post(Arrays.copyOf(whole, whole.length - 5), "application/json"));
                // invalid UTF-8 in an event that names its user
                bodies.add(new Post(withInvalidUtf8(json(event(templates.get(2), id("utf8"))).body), "application/json"));
                // a numeric userId (wrong type): a readable dead letter, the number pseudonymised
                var numeric = event(templates.get(3), "x");
                long number = 918_273_645_501L;
                ids.put("numeric", Long.toString(number));
                numeric.put("userId", number);
                bodies.add(json(numeric));
                // nested: an unknown member holding objects and arrays with userId members, and an object value
                var nested = event(templates.get(4), id("top-of-nested"));
                nested.putObject("context").put("userId", id("nested")).putArray("viewers").addObject()
                        .put("userId", id("in-array")).putObject("deeper").put("userId", id("deepest"));
                bodies.add(json(nested));
                var objectValue = event(templates.get(5), "x");
                objectValue.putObject("userId").put("id", id("object-value"));
                bodies.add(json(objectValue));
                // a bare token the parser echoes in its message
                bodies.add(new Post(("{\"type\":\"like\",\"userId\":" + id("bare-token") + "}")
                        .getBytes(StandardCharsets.UTF_8), "application/json"));
                // the name written with an escape, and the member repeated
                bodies.add(new Post(("{\"type\":\"like\",\"user\\u0049d\":\"" + id("escaped-name") + "\",\"x\":1}")
                        .getBytes(StandardCharsets.UTF_8), "application/json"));
                bodies.add(new Post(("{\"type\":\"like\",\"userId\":\"" + id("repeated-1") + "\",\"userId\":\""
                        + id("repeated-2") + "\"}").getBytes(StandardCharsets.UTF_8), "application/json"));
                // valid events refused by the rules (future time) and for size
                var future = event(templates.get(6), id("future"));
                future.put("eventTimeMs", System.currentTimeMillis() + Duration.ofDays(2).toMillis());
                bodies.add(json(future));
                // malformed arrays: truncated, with invalid UTF-8, of scalars, of arrays
                bodies.add(new Post(("[" + MAPPER.writeValueAsString(event(templates.get(7), id("array-ok"))) + ",{\"userId\":\""
                        + id("array-truncated") + "\",").getBytes(StandardCharsets.UTF_8), "application/json"));
                bodies.add(new Post(withInvalidUtf8(("[" + MAPPER.writeValueAsString(event(templates.get(8),
                        id("array-utf8"))) + "]").getBytes(StandardCharsets.UTF_8)), "application/json"));
                bodies.add(new Post(("[\"" + id("array-string") + "\"," + 123_456_789_012L + ",[\"" + id("array-in-array")
                        + "\"]]").getBytes(StandardCharsets.UTF_8), "application/json"));
                ids.put("array-number", "123456789012");
                bodies.add(new Post(("\"" + id("top-level-string") + "\"").getBytes(StandardCharsets.UTF_8),
                        "application/json"));
                // NDJSON: a valid line, a truncated line, a line with invalid UTF-8, a line of an unknown field
                var ndjson = new ByteArrayOutputStream();
                ndjson.write(json(event(templates.get(9), id("ndjson-valid"))).body);
                expectedAccepted++;
                ndjson.write('\n');
                byte[] line = json(event(templates.get(10), id("ndjson-truncated"))).body;
                ndjson.write(line, 0, line.length / 2 + 10);
                ndjson.write('\n');
                ndjson.write(withInvalidUtf8(json(event(templates.get(11), id("ndjson-utf8"))).body));
                ndjson.write('\n');
                var unknown = event(templates.get(12), id("ndjson-unknown-field"));
                unknown.put("note", 1);
                ndjson.write(json(unknown).body);
                bodies.add(new Post(ndjson.toByteArray(), "application/x-ndjson"));

                int rejected = 0;
                int wholeBodies = 0;
                for (Post post : bodies) {
                    var response = post(port, post);
                    assertThat(response.statusCode()).as(response.body()).isIn(200, 400);
                    JsonNode answer = MAPPER.readTree(response.body());
                    if (answer.has("rejected")) {
                        rejected += answer.get("rejected").asInt();
                    } else {
                        wholeBodies++;
                    }
                }
                expectedDeadLetters = rejected + wholeBodies;
                assertThat(wholeBodies).isEqualTo(2);
                assertThat(server.metrics().total("livepulse.collector.events.rejected"))
                        .isEqualTo(expectedDeadLetters);
                assertThat(server.metrics().total("livepulse.collector.events.accepted")).isEqualTo(expectedAccepted);
            }

            var topics = TopicCatalog.of(config.platform());
            var records = allRecords(broker.bootstrapServers());
            assertThat(records).isNotEmpty();
            var leaks = new TreeSet<String>();
            for (byte[] bytes : records) {
                leaks.addAll(rawIdsIn(bytes));
            }
            assertThat(leaks).as("raw ids in Kafka records").isEmpty();
            assertThat(leaksInDataDir(broker.dataDir())).as("raw ids in the broker's files").isEmpty();

            // nothing is lost: every refusal is a dead letter whose reason is kept, and the sealed ones open
            var cipher = new DeadLetterCipher(CollectorConfig.DEMO_DEAD_LETTER_KEY.getBytes(StandardCharsets.UTF_8));
            var letters = io.livepulse.platform.testing.CommittedRecords.read(broker.bootstrapServers(),
                    topics.deadLetter(), DeadLetter.class);
            assertThat(letters).hasSize(expectedDeadLetters);
            assertThat(letters).allSatisfy(l -> assertThat(l.getReason()).isNotBlank());
            var opened = new StringBuilder();
            for (DeadLetter letter : letters) {
                var view = DeadLetterView.of(letter, 0, 0, cipher);
                assertThat(view.has("error")).as(view.toString()).isFalse();
                opened.append(view).append('\n');
            }
            var sealed = letters.stream().filter(l -> l.getPayloadCipher() != null).count();
            assertThat(sealed).isEqualTo(11);
            assertThat(opened.toString()).contains(ids.get("truncated"), ids.get("array-truncated"),
                    ids.get("bare-token"), ids.get("top-level-string"), ids.get("ndjson-truncated"));
            assertThat(letters).filteredOn(l -> l.getPayloadCipher() == null).allSatisfy(l ->
                    assertThat(MAPPER.readTree(l.getRawPayload().array()).isObject()).isTrue());

            // the operator's tool prints the same, opened with the key from the settings
            var settings = dir.resolve("collector.properties");
            Files.writeString(settings, "kafka.bootstrap-servers=" + broker.bootstrapServers()
                    + "\nkafka.topic-prefix=privacy.\ncollector.demo-mode=true\n");
            var out = new StringWriter();
            int exit = new CommandLine(new CollectorMain()).setOut(new PrintWriter(out))
                    .execute("dead-letters", "--config", settings.toString());
            assertThat(exit).isZero();
            var printed = out.toString().lines().toList();
            assertThat(printed).hasSize(expectedDeadLetters);
            assertThat(out.toString()).contains(ids.get("truncated"), ids.get("top-level-string"),
                    ids.get("ndjson-utf8").substring(0, 8));
        }
    }

    private record Post(byte[] body, String contentType) {}

    private static Post json(ObjectNode node) throws IOException {
        return new Post(MAPPER.writeValueAsBytes(node), "application/json");
    }

    private static ObjectNode event(ObjectNode template, String userId) {
        var copy = template.deepCopy();
        copy.put("userId", userId);
        copy.put("eventId", "e-" + Integer.toHexString(userId.hashCode()));
        return copy;
    }

    /** The bytes with an invalid UTF-8 pair put in the middle, away from the user id. */
    private static byte[] withInvalidUtf8(byte[] json) {
        var out = new ByteArrayOutputStream();
        out.write(json, 0, 1);
        out.write(' ');
        out.write(0xC3);
        out.write(0x28);
        out.write(json, 1, json.length - 1);
        return out.toByteArray();
    }

    private HttpResponse<String> post(int port, Post post) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/events"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", post.contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(post.body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Every key, value and header value of every record of every topic, internal ones included. */
    private static List<byte[]> allRecords(String bootstrap) throws Exception {
        Set<String> names;
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
        }
        var bytes = new ArrayList<byte[]>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partitions = new ArrayList<TopicPartition>();
            for (String topic : names) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null) {
                        bytes.add(record.key());
                    }
                    if (record.value() != null) {
                        bytes.add(record.value());
                    }
                    record.headers().forEach(h -> bytes.add(h.value() == null ? new byte[0] : h.value()));
                }
            }
            assertThat(partitions).allMatch(p -> consumer.position(p) >= end.get(p));
        }
        return bytes;
    }

    /** Raw ids in any file of the data directory, as stored and, for log segments, decompressed record by record. */
    private Set<String> leaksInDataDir(Path dataDir) throws IOException {
        var leaks = new TreeSet<String>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        int segmentRecords = 0;
        for (Path file : files) {
            rawIdsIn(Files.readAllBytes(file)).forEach(id -> leaks.add(id + " in " + dataDir.relativize(file)));
            if (file.toString().endsWith(".log")) {
                try (var segment = FileRecords.open(file.toFile(), false)) {
                    for (var batch : segment.batches()) {
                        for (var record : batch) {
                            segmentRecords++;
                            for (var buffer : new java.nio.ByteBuffer[] {record.key(), record.value()}) {
                                if (buffer != null) {
                                    var copy = new byte[buffer.remaining()];
                                    buffer.get(copy);
                                    rawIdsIn(copy).forEach(id -> leaks.add(id + " in a record of "
                                            + dataDir.relativize(file)));
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(segmentRecords).as("records read back from the segments").isPositive();
        return leaks;
    }

    /** The shapes whose raw id occurs in {@code bytes} (the ids are ASCII, so Latin-1 maps them byte for byte). */
    private List<String> rawIdsIn(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        var found = new ArrayList<String>();
        for (var entry : ids.entrySet()) {
            if (text.contains(entry.getValue())) {
                found.add(entry.getKey() + "=" + entry.getValue());
            }
        }
        return found;
    }
}
