package io.livepulse.ingestion.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livepulse.models.simulation.PlatformSimulator;
import io.livepulse.models.simulation.SimulationConfig;
import io.livepulse.platform.config.Settings;
import io.livepulse.platform.kafka.InProcessKafkaBroker;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.platform.testing.CommittedRecords;
import io.livepulse.schemas.EventJson;
import io.livepulse.schemas.event.DeadLetter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorITCase {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String KEY = "test-pseudonym-key-0123456789-abcdefghijklmnop";
    static final String DEAD_LETTER_KEY = "test-dead-letter-key-0123456789-abcdefghijklm";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    static CollectorConfig config(String bootstrap, String prefix) {
        var settings = Settings.of(Map.of("kafka.bootstrap-servers", bootstrap, "kafka.topic-prefix", prefix,
                "kafka.partitions", "2", "collector.port", "0", "collector.produce-timeout", "4s",
                "collector.max-body-bytes", String.valueOf(16 * 1024 * 1024), "collector.demo-mode", "true",
                "collector.http-threads", "8"));
        var c = CollectorConfig.from(settings);
        return new CollectorConfig(c.platform(), c.port(), c.maxBodyBytes(), c.maxEventsPerRequest(),
                c.maxFutureSkew(), c.maxTextChars(), c.dedupWindow(), c.dedupMaxIds(), c.produceTimeout(), c.producerLinger(),
                c.httpThreads(), c.retryAfterSeconds(), KEY.getBytes(StandardCharsets.UTF_8),
                DEAD_LETTER_KEY.getBytes(StandardCharsets.UTF_8), false);
    }

    static void createTopics(CollectorConfig config) {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.platform().kafkaBootstrap()))) {
            TopicCatalog.of(config.platform()).ensureTopics(admin);
        }
    }

    HttpResponse<String> post(int port, byte[] body, String contentType) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/events"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Posts a body of {@code bytes} bytes over a raw socket and returns the response as text. The collector may
     * answer 413 and close before the body is sent: the body is written from another thread, and a write refused
     * because the server already answered is expected (an HTTP client would report that as an I/O error instead of
     * the answer).
     */
    static String postTooLarge(int port, int bytes) throws Exception {
        try (var socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(60_000);
            var out = socket.getOutputStream();
            out.write(("POST /v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + bytes + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var writer = new Thread(() -> {
                byte[] chunk = new byte[1 << 16];
                java.util.Arrays.fill(chunk, (byte) 'a');
                try {
                    for (int sent = 0; sent < bytes; sent += chunk.length) {
                        out.write(chunk, 0, Math.min(chunk.length, bytes - sent));
                    }
                    out.flush();
                } catch (java.io.IOException refused) {
                    // the server answered and closed before reading the whole body
                }
            });
            writer.start();
            var response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            writer.join(60_000);
            return response;
        }
    }

    static List<ObjectNode> simulatedJson(long seed, int users) {
        var list = new ArrayList<ObjectNode>();
        new PlatformSimulator(SimulationConfig.tiny(seed).withUsers(users)).events()
                .forEachRemaining(e -> list.add(EventJson.toJson(e)));
        return list;
    }

    @Test
    void fuzzedInputEndsUpExactlyOnceInItsTopicOrInTheDeadLetterTopic(@TempDir Path dir) throws Exception {
        try (var broker = InProcessKafkaBroker.start(dir.resolve("kafka"), 0)) {
            var config = config(broker.bootstrapServers(), "fuzz.");
            createTopics(config);
            var topics = TopicCatalog.of(config.platform());
            try (var server = CollectorServer.start(config)) {
                int port = server.port();
                var valid = simulatedJson(31, 120);
                var random = new SplittableRandom(99);
                var lines = new ArrayList<byte[]>();
                var validIds = new HashMap<String, String>();
                int invalid = 0;
                int duplicates = 0;
                for (ObjectNode event : valid) {
                    lines.add(MAPPER.writeValueAsBytes(event));
                    validIds.put(event.get("eventId").asText(), event.get("userId").asText());
                    if (random.nextDouble() < 0.05) {
                        lines.add(MAPPER.writeValueAsBytes(event));
                        duplicates++;
                    }
                    if (random.nextDouble() < 0.6) {
                        lines.add(mutate(event.deepCopy(), random));
                        invalid++;
                    }
                }
                assertThat(lines.size()).isGreaterThanOrEqualTo(10_000);
                assertThat(validIds.size()).isGreaterThan(5_000);
                int fiveHundreds = 0;
                long accepted = 0;
                long rejected = 0;
                long duplicated = 0;
                int i = 0;
                while (i < lines.size()) {
                    int size = random.nextDouble() < 0.2 ? 1 : 1 + random.nextInt(400);
                    var body = new ByteArrayOutputStream();
                    for (int k = 0; k < size && i < lines.size(); k++, i++) {
                        body.write(lines.get(i));
                        body.write('\n');
                    }
                    var response = post(port, body.toByteArray(), "application/x-ndjson");
                    fiveHundreds += response.statusCode() >= 500 ? 1 : 0;
                    assertThat(response.statusCode()).isIn(200, 400);
                    JsonNode json = MAPPER.readTree(response.body());
                    accepted += json.get("accepted").asLong();
                    rejected += json.get("rejected").asLong();
                    duplicated += json.get("duplicates").asLong();
                }
                var truncatedArray = post(port, "[{\"type\":\"like\",".getBytes(StandardCharsets.UTF_8), "application/json");
                assertThat(truncatedArray.statusCode()).isEqualTo(400);
                assertThat(MAPPER.readTree(truncatedArray.body()).get("reason").asText()).contains("not a valid JSON array");
                int wholeBodyRejections = 1;
                var tooLarge = postTooLarge(port, 100 * 1024 * 1024);
                assertThat(tooLarge).startsWith("HTTP/1.1 413");
                assertThat(tooLarge).contains("too large");
                var after = post(port, MAPPER.writeValueAsBytes(valid.get(0)), "application/json");
                assertThat(after.statusCode()).isEqualTo(200);
                assertThat(MAPPER.readTree(after.body()).get("duplicates").asInt()).isEqualTo(1);
                duplicates++;

                assertThat(fiveHundreds).isZero();
                assertThat(accepted).isEqualTo(validIds.size());
                assertThat(rejected).isEqualTo(invalid);
                assertThat(duplicated).isEqualTo(duplicates - 1);
                var metrics = server.metrics();
                assertThat(metrics.total("livepulse.collector.events.accepted")).isEqualTo(validIds.size());
                assertThat(metrics.total("livepulse.collector.events.duplicate")).isEqualTo(duplicates);
                assertThat(metrics.total("livepulse.collector.events.rejected"))
                        .isEqualTo(invalid + wholeBodyRejections + 1.0);

                var stored = CommittedRecords.readAll(broker.bootstrapServers(), topics.eventTopics());
                var counts = new HashMap<String, Integer>();
                for (SpecificRecord e : stored) {
                    String id = String.valueOf(e.get(e.getSchema().getField("eventId").pos()));
                    counts.merge(id, 1, Integer::sum);
                    String user = String.valueOf(e.get(e.getSchema().getField("userId").pos()));
                    assertThat(user).matches("[0-9a-f]{32}").isNotEqualTo(validIds.get(id));
                }
                assertThat(counts.keySet()).isEqualTo(validIds.keySet());
                assertThat(counts.values()).allMatch(n -> n == 1);
                var dead = CommittedRecords.readAll(broker.bootstrapServers(), List.of(topics.deadLetter()));
                assertThat(dead).hasSize(invalid + wholeBodyRejections);
                assertThat(dead).allSatisfy(d -> {
                    var letter = (DeadLetter) d;
                    assertThat(letter.getReason()).isNotBlank();
                    assertThat(letter.getRawPayload().remaining()).isPositive();
                });
                var scrape = metrics.scrape();
                assertThat(scrape).contains("livepulse_collector_produce_latency_seconds_bucket",
                        "livepulse_collector_events_rejected_total{reason=\"invalid_utf8\"}");
            }
        }
    }

    /** One invalid variant of a valid event. */
    static byte[] mutate(ObjectNode event, SplittableRandom random) throws IOException {
        String type = event.get("type").asText();
        switch (random.nextInt(12)) {
            case 0 -> {
                byte[] bytes = MAPPER.writeValueAsBytes(event);
                return java.util.Arrays.copyOf(bytes, bytes.length / 2);
            }
            case 1 -> event.put("eventTimeMs", "yesterday");
            case 2 -> event.remove("roomId");
            case 3 -> event.put("text", "x".repeat(200_000));
            case 4 -> {
                byte[] bytes = MAPPER.writeValueAsBytes(event);
                int at = bytes.length / 3;
                bytes[at] = (byte) 0xC3;
                bytes[at + 1] = (byte) 0x28;
                return bytes;
            }
            case 5 -> {
                if (type.equals("gift")) {
                    event.put("valueMinor", -100);
                } else if (type.equals("player")) {
                    event.put("bandwidthKbps", -5.0);
                } else if (type.equals("like")) {
                    event.put("likeCount", 0);
                } else {
                    event.put("eventTimeMs", -1);
                }
            }
            case 6 -> event.put("type", "teleport");
            case 7 -> event.put("eventId", "");
            case 8 -> event.put("eventTimeMs", System.currentTimeMillis() + Duration.ofDays(1).toMillis());
            case 9 -> event.put("userId", 12345);
            case 10 -> event.remove("type");
            default -> {
                return "[1,2,3]".getBytes(StandardCharsets.UTF_8);
            }
        }
        return MAPPER.writeValueAsBytes(event);
    }

    @Test
    void everyAcknowledgedEventIsInKafkaExactlyOnceAcrossABrokerRestart(@TempDir Path dir) throws Exception {
        int kafkaPort;
        try (var socket = new ServerSocket(0)) {
            kafkaPort = socket.getLocalPort();
        }
        var broker = InProcessKafkaBroker.start(dir.resolve("kafka"), kafkaPort);
        var config = config(broker.bootstrapServers(), "restart.");
        createTopics(config);
        var events = simulatedJson(77, 60);
        var acked = new ArrayList<String>();
        int unavailableResponses = 0;
        try (var server = CollectorServer.start(config)) {
            int port = server.port();
            int next = 0;
            int batches = 0;
            long downSince = 0;
            var retry = new ArrayList<ObjectNode>();
            while (next < events.size() || !retry.isEmpty()) {
                var batch = new ArrayList<ObjectNode>(retry);
                retry.clear();
                while (batch.size() < 50 && next < events.size()) {
                    batch.add(events.get(next++));
                }
                if (batches == 20) {
                    broker.close();
                    downSince = System.nanoTime();
                }
                if (downSince > 0 && System.nanoTime() - downSince > Duration.ofSeconds(12).toNanos()) {
                    // down for longer than the producer's delivery timeout, so writes lost then cannot hide
                    broker = InProcessKafkaBroker.start(dir.resolve("kafka"), kafkaPort);
                    downSince = 0;
                }
                batches++;
                var body = MAPPER.writeValueAsBytes(MAPPER.createArrayNode().addAll(batch));
                var response = post(port, body, "application/json");
                assertThat(response.statusCode()).isIn(200, 503);
                if (response.statusCode() == 503) {
                    unavailableResponses++;
                    assertThat(response.headers().firstValue("Retry-After")).isPresent();
                }
                var results = MAPPER.readTree(response.body()).get("results");
                for (int i = 0; i < batch.size(); i++) {
                    String status = results.get(i).get("status").asText();
                    if (status.equals("accepted") && response.statusCode() == 200) {
                        acked.add(batch.get(i).get("eventId").asText());
                    } else if (status.equals("accepted") || status.equals("duplicate")) {
                        acked.add(batch.get(i).get("eventId").asText());
                    } else {
                        assertThat(status).isEqualTo("unavailable");
                        retry.add(batch.get(i));
                    }
                }
                if (batches > 2_000) {
                    break;
                }
            }
            assertThat(server.kafkaAvailable()).isTrue();
        }
        try {
            assertThat(unavailableResponses).isPositive();
            var stored = CommittedRecords.readAll(broker.bootstrapServers(), TopicCatalog.of(config.platform()).eventTopics());
            var counts = new HashMap<String, Integer>();
            stored.forEach(e -> counts.merge(String.valueOf(e.get(e.getSchema().getField("eventId").pos())), 1,
                    Integer::sum));
            assertThat(acked).hasSize(events.size()).doesNotHaveDuplicates();
            assertThat(counts.keySet()).containsAll(acked);
            assertThat(acked.stream().filter(id -> counts.get(id) != 1).toList()).isEmpty();
        } finally {
            broker.close();
        }
    }
}
