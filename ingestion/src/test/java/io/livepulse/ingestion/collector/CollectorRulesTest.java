package io.livepulse.ingestion.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.platform.config.ConfigException;
import io.livepulse.platform.config.Settings;
import io.livepulse.schemas.EventJson;
import io.livepulse.schemas.EventType;
import io.livepulse.schemas.SampleEvents;
import io.livepulse.schemas.Validated;
import io.livepulse.schemas.event.ChatMessage;
import io.livepulse.schemas.event.Gift;
import io.livepulse.schemas.event.PlayerAction;
import io.livepulse.schemas.event.PlayerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CollectorRulesTest {
    private static final long NOW = 1_800_000_000_000L;
    private final EventRules rules = new EventRules(Duration.ofMinutes(5), 10);
    private final SampleEvents samples = new SampleEvents(1);

    @Test
    void sampleEventsOfEveryTypePass() {
        for (EventType type : EventType.values()) {
            var event = samples.next(type, NOW - 1_000);
            if (event instanceof ChatMessage c) {
                c.setText("hi");
            }
            assertThat(rules.check(event, NOW)).as(type.name()).isEmpty();
        }
    }

    @Test
    void heartbeatsNeedPositiveBitrateAndBandwidth() {
        var heartbeat = (PlayerEvent) samples.next(EventType.PLAYER, NOW);
        heartbeat.setBandwidthKbps(0.0);
        assertThat(rules.check(heartbeat, NOW)).contains(new Rejection(Rejection.OUT_OF_RANGE, "bandwidthKbps",
                "must be > 0, got 0.0"));
        heartbeat.setBandwidthKbps(null);
        assertThat(rules.check(heartbeat, NOW).map(Rejection::category)).contains(Rejection.MISSING_FIELD);
        heartbeat.setAction(PlayerAction.LEAVE);
        assertThat(rules.check(heartbeat, NOW)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"0, 100, giftCount", "-1, 100, giftCount", "1, -1, valueMinor"})
    void giftsNeedACountAndANonNegativeValue(int count, long value, String field) {
        var gift = (Gift) samples.next(EventType.GIFT, NOW);
        gift.setGiftCount(count);
        gift.setValueMinor(value);
        assertThat(rules.check(gift, NOW).map(Rejection::field)).contains(field);
    }

    @Test
    void eventTimeMayNotBeTooFarAhead() {
        var like = samples.next(EventType.LIKE, NOW + Duration.ofMinutes(5).toMillis());
        assertThat(rules.check(like, NOW)).isEmpty();
        var later = samples.next(EventType.LIKE, NOW + Duration.ofMinutes(5).toMillis() + 1);
        assertThat(rules.check(later, NOW).map(Rejection::category)).contains(Rejection.FUTURE_TIME);
    }

    @Test
    void chatTextIsLimitedInCodePoints() {
        var chat = (ChatMessage) samples.next(EventType.CHAT, NOW);
        chat.setText("😀".repeat(10));
        assertThat(rules.check(chat, NOW)).isEmpty();
        chat.setText("😀".repeat(11));
        assertThat(rules.check(chat, NOW).map(Rejection::category)).contains(Rejection.TOO_LONG);
        chat.setText("  ");
        assertThat(rules.check(chat, NOW).map(Rejection::field)).contains("text");
    }

    @Test
    void bodiesSplitIntoObjectsArraysAndNdjsonKeepingRawBytes() {
        var single = BodySplitter.split("{\"a\":1}".getBytes(StandardCharsets.UTF_8), "application/json", 10);
        assertThat(single.parts()).hasSize(1);
        var pretty = BodySplitter.split("{\n \"a\": 1\n}\n".getBytes(StandardCharsets.UTF_8), null, 10);
        assertThat(pretty.parts()).hasSize(1);
        var array = BodySplitter.split("[ {\"a\":1} , {\"b\":[2]} ]".getBytes(StandardCharsets.UTF_8), null, 10);
        assertThat(array.parts()).extracting(p -> new String(p.raw(), StandardCharsets.UTF_8))
                .containsExactly("{\"a\":1}", "{\"b\":[2]}");
        var ndjson = BodySplitter.split("{\"a\":1}\n{\"a\":\n\n{\"c\":3}\n".getBytes(StandardCharsets.UTF_8), null, 10);
        assertThat(ndjson.parts()).hasSize(3);
        assertThat(ndjson.parts().get(1).rejection()).isNull();
        assertThat(BodySplitter.tree(ndjson.parts().get(1).raw()).rejection().category())
                .isEqualTo(Rejection.INVALID_JSON);
        assertThat(ndjson.parts().get(1).node()).isNull();
        assertThat(ndjson.parts().get(2).node().get("c").asInt()).isEqualTo(3);
        byte[] badUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'};
        assertThat(BodySplitter.split(badUtf8, null, 10).parts().get(0).rejection().category())
                .isEqualTo(Rejection.INVALID_UTF8);
        assertThat(BodySplitter.split("  ".getBytes(StandardCharsets.UTF_8), null, 10).bodyProblem().reason())
                .isEqualTo("body is empty");
        assertThat(BodySplitter.split("[{},{},{}]".getBytes(StandardCharsets.UTF_8), null, 2).bodyProblem().category())
                .isEqualTo(Rejection.TOO_MANY_EVENTS);
    }

    @Test
    void onlyTheNdjsonLinesThatAreNotUtf8AreRefusedAsSuch() {
        byte[] valid = "{\"t\":\"弹幕 ok\"}\n{\"t\":\"é\"}\n".getBytes(StandardCharsets.UTF_8);
        assertThat(BodySplitter.split(valid, "application/x-ndjson", 10).parts())
                .extracting(BodySplitter.Part::rejection).containsExactly(null, null);
        byte[] mixed = new byte[valid.length + 6];
        System.arraycopy(valid, 0, mixed, 0, valid.length);
        System.arraycopy(new byte[] {'"', (byte) 0xE5, (byte) 0xBC, '"', '\n', ' '}, 0, mixed, valid.length, 6);
        var parts = BodySplitter.split(mixed, "application/x-ndjson", 10).parts();
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0).rejection()).isNull();
        assertThat(parts.get(1).rejection()).isNull();
        assertThat(parts.get(2).rejection().category()).isEqualTo(Rejection.INVALID_UTF8);
    }

    @Test
    void asciiIsRecognisedWhereverTheFirstHighByteSits() {
        for (int length = 0; length < 40; length++) {
            byte[] bytes = "{\"a\":\"0123456789012345678901234567890123456789".substring(0, length)
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(BodySplitter.ascii(bytes)).isTrue();
            for (int at = 0; at < length; at++) {
                byte[] copy = bytes.clone();
                copy[at] = (byte) 0xC3;
                assertThat(BodySplitter.ascii(copy)).as("length %d, high byte at %d", length, at).isFalse();
            }
        }
    }

    @Test
    void utf8IsJudgedLikeTheStrictJdkDecoder() {
        var random = new java.util.SplittableRandom(3);
        String[] pieces = {"a", "é", "中", "😀", "\u0000", "{\"text\":\"abcdefghij"};
        int invalid = 0;
        for (int n = 0; n < 50_000; n++) {
            var text = new StringBuilder();
            for (int k = random.nextInt(6); k > 0; k--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) {
                bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            }
            boolean jdk = jdkStrictUtf8(bytes);
            invalid += jdk ? 0 : 1;
            assertThat(BodySplitter.validUtf8(bytes)).as(java.util.HexFormat.of().formatHex(bytes)).isEqualTo(jdk);
        }
        assertThat(invalid).isGreaterThan(5_000);
        for (String hex : new String[] {"c0af", "e080af", "eda080", "f4908080", "f8888080", "c2", "e282"}) {
            assertThat(BodySplitter.validUtf8(java.util.HexFormat.of().parseHex(hex))).as(hex).isFalse();
        }
    }

    private static boolean jdkStrictUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void eventJsonRejectionsAreClassified() {
        var rejected = (Validated.Rejected<SpecificRecord>) EventJson.parse(
                "{\"type\":\"like\",\"eventId\":\"e\",\"userId\":\"u\",\"roomId\":\"r\",\"eventTimeMs\":\"x\"}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(Rejection.fromEventJson(rejected.field(), rejected.reason()).category())
                .isEqualTo(Rejection.WRONG_TYPE);
        assertThat(Rejection.fromEventJson("type", "unknown event type 'x'; one of: ...").category())
                .isEqualTo(Rejection.UNKNOWN_TYPE);
        assertThat(Rejection.fromEventJson("roomId", "is required").category()).isEqualTo(Rejection.MISSING_FIELD);
    }

    @Test
    void duplicatesAreDroppedWithinTheWindowAndReleasedIdsCanBeRetried() {
        var filter = new DuplicateFilter(1_000, 3);
        assertThat(filter.reserve("a", 0)).isTrue();
        assertThat(filter.reserve("a", 999)).isFalse();
        assertThat(filter.reserve("a", 1_000)).isTrue();
        filter.release("a");
        assertThat(filter.reserve("a", 1_001)).isTrue();
        filter.reserve("b", 1_002);
        filter.reserve("c", 1_003);
        filter.reserve("d", 1_004);
        assertThat(filter.size()).isEqualTo(3);
    }

    @Test
    void aStripedFilterKeepsTheWindowTheBoundAndOneWinnerPerId() throws Exception {
        var filter = new DuplicateFilter(1_000, 100_000);
        assertThat(filter.stripes()).isGreaterThan(1);
        int threads = 4;
        int ids = 20_000;
        var wins = new java.util.concurrent.atomic.AtomicInteger();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        var tasks = new java.util.ArrayList<java.util.concurrent.Callable<Void>>();
        for (int t = 0; t < threads; t++) {
            tasks.add(() -> {
                for (int i = 0; i < ids; i++) {
                    if (filter.reserve("id-" + i, 10)) {
                        wins.incrementAndGet();
                    }
                }
                return null;
            });
        }
        for (var f : pool.invokeAll(tasks)) {
            f.get();
        }
        pool.shutdown();
        assertThat(wins.get()).isEqualTo(ids);
        assertThat(filter.size()).isEqualTo(ids);
        assertThat(filter.reserve("id-7", 1_009)).isFalse();
        assertThat(filter.reserve("id-7", 1_010)).isTrue();
        for (int i = 0; i < ids; i++) {
            assertThat(filter.reserve("id-" + i, 1_010)).isEqualTo(i != 7);
        }
        for (int i = 0; i < 300_000; i++) {
            filter.reserve("more-" + i, 1_011);
        }
        assertThat(filter.size()).isLessThanOrEqualTo(100_000).isGreaterThan(99_000);
    }

    @Test
    void theFilterAnswersLikeAPlainMapOfIdsUnderRandomReservesReleasesAndTimeSteps() {
        // releases only without capacity pressure: a released id keeps its place in the oldest-first order

        var random = new java.util.SplittableRandom(5);
        for (int maxIds : new int[] {40, 20_000}) {
            var filter = new DuplicateFilter(100, maxIds);
            var model = new java.util.LinkedHashMap<String, Long>();
            long now = 0;
            for (int op = 0; op < 200_000; op++) {
                String id = "id-" + random.nextInt(maxIds < 100 ? 60 : 30_000);
                now += random.nextInt(3);
                long cutoff = now - 100;
                model.values().removeIf(t -> t <= cutoff);
                if (maxIds > 100 && random.nextInt(10) == 0) {
                    filter.release(id);
                    model.remove(id);
                    continue;
                }
                boolean expected = !model.containsKey(id);
                if (expected) {
                    model.put(id, now);
                    if (model.size() > maxIds) {
                        model.remove(model.keySet().iterator().next());
                    }
                }
                assertThat(filter.reserve(id, now)).as("op %d, %s at %d", op, id, now).isEqualTo(expected);
            }
        }
    }

    @Test
    void theKeyIsRequiredOutsideDemoMode() {
        assertThatThrownBy(() -> CollectorConfig.from(Settings.of(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("LIVEPULSE_SECRET_PSEUDONYM_KEY");
        assertThatThrownBy(() -> CollectorConfig.from(Settings.load(Optional.empty(),
                Map.of("LIVEPULSE_SECRET_PSEUDONYM_KEY", "short"))))
                .hasMessageContaining("at least 32 characters");
        var demo = CollectorConfig.from(Settings.of(Map.of("collector.demo-mode", "true")));
        assertThat(demo.demoKey()).isTrue();
        var real = CollectorConfig.from(Settings.load(Optional.empty(),
                Map.of("LIVEPULSE_SECRET_PSEUDONYM_KEY", "x".repeat(40), "LIVEPULSE_SECRET_DEAD_LETTER_KEY", "y".repeat(40))));
        assertThat(real.demoKey()).isFalse();
        assertThat(real.port()).isEqualTo(8081);
    }
}
