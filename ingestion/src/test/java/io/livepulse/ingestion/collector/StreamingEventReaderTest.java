package io.livepulse.ingestion.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livepulse.models.simulation.PlatformSimulator;
import io.livepulse.models.simulation.SimulationConfig;
import io.livepulse.schemas.EventJson;
import io.livepulse.schemas.EventType;
import io.livepulse.schemas.SampleEvents;
import io.livepulse.schemas.Validated;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The streaming fast path answers only where the tree path accepts, and then with the same record. */
class StreamingEventReaderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long NOW = 1_800_000_000_000L;

    @Test
    void everySimulatedAndSampleEventIsReadByTheFastPathAsTheTreePathReadsIt() throws Exception {
        var events = new ArrayList<SpecificRecord>();
        var simulated = new PlatformSimulator(SimulationConfig.tiny(7).withUsers(200)).events();
        while (events.size() < 3_000 && simulated.hasNext()) {
            events.add(simulated.next());
        }
        for (EventType type : EventType.values()) {
            events.add(new SampleEvents(3).next(type, NOW));
        }
        assertThat(events).hasSizeGreaterThan(1_000);
        for (SpecificRecord event : events) {
            byte[] json = EventJson.toJsonString(event).getBytes(StandardCharsets.UTF_8);
            SpecificRecord fast = StreamingEventReader.read(json);
            assertThat(fast).as(new String(json, StandardCharsets.UTF_8)).isNotNull().isEqualTo(treePath(json));
            assertThat(fast).isEqualTo(event);
        }
    }

    @Test
    void enumCaseDefaultsAndNullsAreReadLikeTheTreePath() throws Exception {
        String heartbeat = "{\"type\":\"player\",\"eventId\":\"e1\",\"userId\":\"u\",\"roomId\":\"r\","
                + "\"eventTimeMs\":1700000000000,\"action\":\"heartbeat\",\"bitrateKbps\":2500,\"bandwidthKbps\":1e4}";
        byte[] json = heartbeat.getBytes(StandardCharsets.UTF_8);
        assertThat(StreamingEventReader.read(json)).isNotNull().isEqualTo(treePath(json));
    }

    @Test
    void numbersAreRoundedExactlyAsTheTreePathRoundsThem() throws Exception {
        var random = new SplittableRandom(2);
        for (int n = 0; n < 5_000; n++) {
            String bitrate = switch (n % 4) {
                case 0 -> Double.toString(Double.longBitsToDouble(random.nextLong() >>> 2));
                case 1 -> random.nextInt(1, 100_000) + "." + Long.toString(random.nextLong() >>> 1);
                case 2 -> random.nextInt(1, 9) + "." + random.nextInt(1_000_000) + "e" + random.nextInt(-300, 300);
                default -> Long.toString(random.nextLong() >>> 1);
            };
            String json = "{\"type\":\"player\",\"eventId\":\"e1\",\"userId\":\"u\",\"roomId\":\"r\","
                    + "\"eventTimeMs\":1700000000000,\"action\":\"HEARTBEAT\",\"bitrateKbps\":" + bitrate
                    + ",\"bandwidthKbps\":1}";
            assertThat(StreamingEventReader.read(bytes(json))).as(bitrate).isEqualTo(treePath(bytes(json)));
        }
    }

    @Test
    void whatTheFastPathLeavesToTheTreePath() {
        String valid = "\"eventId\":\"e\",\"userId\":\"u\",\"roomId\":\"r\",\"eventTimeMs\":1700000000000,\"likeCount\":2";
        assertThat(StreamingEventReader.read(bytes("{\"type\":\"like\"," + valid + "}"))).isNotNull();
        for (String json : List.of(
                "{" + valid + ",\"type\":\"like\"}",
                "{\"type\":\"like\"," + valid + "} {}",
                "{\"type\":\"like\"," + valid + ",\"likeCount\":3}",
                "{\"type\":\"like\"," + valid + ",\"extra\":1}",
                "{\"type\":\"like\"," + valid.replace("\"likeCount\":2", "\"likeCount\":2.0") + "}",
                "{\"type\":\"like\"," + valid.replace("\"likeCount\":2", "\"likeCount\":\"2\"") + "}",
                "{\"type\":\"like\"," + valid.replace("\"likeCount\":2", "\"likeCount\":3000000000") + "}",
                "{\"type\":\"like\"," + valid.replace("\"eventId\":\"e\",", "") + "}",
                "{\"type\":\"LIKE\"," + valid + "}",
                "{\"type\":\"like\"," + valid,
                "[]", "5", "")) {
            assertThat(StreamingEventReader.read(bytes(json))).as(json).isNull();
        }
    }

    @Test
    void randomlyMutatedEventsAreNeverReadDifferentlyFromTheTreePath() throws Exception {
        var random = new SplittableRandom(11);
        var samples = new SampleEvents(5);
        int fastAnswers = 0;
        int treeAccepts = 0;
        for (int n = 0; n < 5_000; n++) {
            var type = EventType.values()[random.nextInt(EventType.values().length)];
            ObjectNode node = EventJson.toJson(samples.next(type, NOW));
            mutate(node, random);
            byte[] json = MAPPER.writeValueAsBytes(node);
            SpecificRecord fast = StreamingEventReader.read(json);
            SpecificRecord tree = treePath(json);
            if (fast != null) {
                fastAnswers++;
                assertThat(fast).as(node.toString()).isEqualTo(tree);
            }
            if (tree != null) {
                treeAccepts++;
                if (node.fieldNames().next().equals(EventJson.TYPE)) {
                    assertThat(fast).as(node.toString()).isNotNull();
                }
            }
        }
        assertThat(fastAnswers).isGreaterThan(500);
        assertThat(treeAccepts).isLessThan(5_000);
    }

    private static void mutate(ObjectNode node, SplittableRandom random) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        String name = names.get(random.nextInt(names.size()));
        var f = JsonNodeFactory.instance;
        JsonNode[] values = {f.nullNode(), f.textNode("x"), f.textNode("heartbeat"), f.numberNode(1.5),
            f.numberNode(0), f.numberNode(-3), f.numberNode(3_000_000_000L), f.numberNode(new java.math.BigInteger(
                "123456789012345678901234567890")), f.numberNode(1e308), f.booleanNode(true), f.arrayNode().add(1),
            f.arrayNode().add("a"), f.objectNode(), f.textNode("aGk=")};
        switch (random.nextInt(6)) {
            case 0 -> node.remove(name);
            case 1 -> node.set(name, values[random.nextInt(values.length)]);
            case 2 -> node.set("unknown" + random.nextInt(2), f.numberNode(1));
            case 3 -> {
                var type = node.remove(EventJson.TYPE);
                node.set(EventJson.TYPE, type);
            }
            case 4 -> node.put(EventJson.TYPE, random.nextBoolean() ? "chat" : "nope");
            default -> { }
        }
    }

    private static SpecificRecord treePath(byte[] json) throws Exception {
        var parsed = EventJson.parse(MAPPER.readTree(json), json);
        return parsed instanceof Validated.Valid<SpecificRecord> v ? v.value() : null;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
