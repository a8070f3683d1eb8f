package io.livepulse.streaming.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.models.features.Activity;
import io.livepulse.models.features.ActivityKind;
import io.livepulse.models.features.WatchSessions;
import io.livepulse.schemas.feature.WatchSession;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WatchSessionizerTest {
    private static final long S = 1000;
    private static final Duration GAP = Duration.ofSeconds(60);
    private static final Duration LATENESS = Duration.ofSeconds(120);
    private static final OutputTag<Activity> LATE = new OutputTag<>("late") {};

    private KeyedOneInputStreamOperatorTestHarness<String, Activity, WatchSession> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new WatchSessionizer(GAP, LATENESS, 1000, LATE), Activity::roomId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void outOfOrderEventsMergeIntoOneSessionThatFiresAtTheWatermark() throws Exception {
        var join = event(ActivityKind.JOIN, 0);
        var leave = event(ActivityKind.LEAVE, 100);
        var heartbeat = event(ActivityKind.HEARTBEAT, 50);
        send(join);
        send(leave);
        send(heartbeat);
        assertThat(harness.numEventTimeTimers()).as("[0, 60)'s end, now stale, and [100, 160)'s end")
                .isEqualTo(2);
        harness.processWatermark(160 * S - 2);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processWatermark(160 * S - 1);
        assertThat(harness.extractOutputValues())
                .containsExactly(WatchSessions.summarize(List.of(join, heartbeat, leave), 1000));
    }

    @Test
    void lateEventWithinTheLatenessAmendsAndTooLateGoesToTheSideOutput() throws Exception {
        var join = event(ActivityKind.JOIN, 0);
        var leave = event(ActivityKind.LEAVE, 30);
        send(join);
        send(leave);
        harness.processWatermark(200 * S);
        var chat = event(ActivityKind.CHAT, 20);
        send(chat);
        assertThat(harness.extractOutputValues()).containsExactly(WatchSessions.summarize(List.of(join, leave), 1000),
                WatchSessions.summarize(List.of(join, chat, leave), 1000));
        harness.processWatermark(300 * S);
        send(event(ActivityKind.CHAT, 25));
        assertThat(harness.getSideOutput(LATE)).hasSize(1);
        assertThat(harness.extractOutputValues()).hasSize(2);
    }

    @Test
    void eventsAGapApartAreTwoSessionsAndStateIsClearedAfterTheLateness() throws Exception {
        send(event(ActivityKind.JOIN, 0));
        send(event(ActivityKind.HEARTBEAT, 61));
        harness.processWatermark(121 * S + LATENESS.toMillis() - 2);
        assertThat(harness.extractOutputValues()).hasSize(2);
        assertThat(harness.numKeyedStateEntries()).as("one value: windows and player times").isEqualTo(1);
        harness.processWatermark(121 * S + LATENESS.toMillis() - 1);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shuffledEventsGiveTheSessionsOfTheSortedLog() throws Exception {
        var random = new java.util.Random(11);
        var kinds = ActivityKind.values();
        var events = new java.util.ArrayList<Activity>();
        for (int i = 0; i < 400; i++) {
            long second = random.nextInt(150) + (i < 200 ? 0 : 400);
            var kind = kinds[random.nextInt(8)];
            events.add(new Activity(kind, "e" + i, "u1", "r1", second * S, 500 + random.nextInt(5000),
                    500 + random.nextInt(5000), 1 + random.nextInt(3), random.nextInt(500), null));
        }
        var expected = WatchSessions.split(events, GAP, 1000);
        java.util.Collections.shuffle(events, random);
        for (var a : events) {
            if (a.kind().sessionScoped()) {
                send(a);
            }
        }
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(harness.extractOutputValues().stream().map(WatchSessionizerTest::rounded).toList())
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(WatchSessionizerTest::rounded).toList());
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    /** The session with its averages to 9 significant digits: sums in arrival order differ in the last bits. */
    private static String rounded(WatchSession s) {
        var copy = WatchSession.newBuilder(s);
        if (s.getTransmissionTerm() != null) {
            copy.setTransmissionTerm(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.9g", s.getTransmissionTerm())));
            copy.setMeanBitrateKbps(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.9g", s.getMeanBitrateKbps())));
            copy.setMeanBandwidthKbps(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.9g", s.getMeanBandwidthKbps())));
        }
        return copy.build().toString();
    }

    @Test
    void aSessionExtendedInOrderKeepsOneTimerAndFiresOnceWhenDue() throws Exception {
        var events = new java.util.ArrayList<Activity>();
        events.add(event(ActivityKind.JOIN, 0));
        for (int t = 20; t <= 180; t += 20) {
            events.add(event(ActivityKind.HEARTBEAT, t));
        }
        for (Activity a : events) {
            send(a);
            harness.processWatermark(a.timeMs() - 5 * S);
        }
        assertThat(harness.numEventTimeTimers()).as("one pending timer, not one per extension").isEqualTo(1);
        harness.processWatermark(240 * S - 2);
        assertThat(harness.extractOutputValues()).as("not due before the last millisecond of [0, 240)").isEmpty();
        harness.processWatermark(240 * S - 1);
        assertThat(harness.extractOutputValues()).containsExactly(WatchSessions.summarize(events, 1000));
        harness.processWatermark(240 * S - 2 + LATENESS.toMillis());
        assertThat(harness.numKeyedStateEntries()).as("one value: windows and player times").isEqualTo(1);
        harness.processWatermark(240 * S - 1 + LATENESS.toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.extractOutputValues()).as("no second firing").hasSize(1);
    }

    @Test
    void aLateEventThatExtendsAFiredSessionMovesItsExpiry() throws Exception {
        var join = event(ActivityKind.JOIN, 0);
        send(join);
        harness.processWatermark(100 * S);
        var heartbeat = event(ActivityKind.HEARTBEAT, 50);
        send(heartbeat);
        assertThat(harness.extractOutputValues()).as("[0, 110) is not due yet").hasSize(1);
        harness.processWatermark(110 * S - 1);
        assertThat(harness.extractOutputValues()).containsExactly(WatchSessions.summarize(List.of(join), 1000),
                WatchSessions.summarize(List.of(join, heartbeat), 1000));
        harness.processWatermark(60 * S - 1 + LATENESS.toMillis());
        assertThat(harness.numKeyedStateEntries()).as("[0, 110) expires 50 s later than [0, 60)").isEqualTo(1);
        harness.processWatermark(110 * S - 2 + LATENESS.toMillis());
        assertThat(harness.numKeyedStateEntries()).as("one value: windows and player times").isEqualTo(1);
        harness.processWatermark(110 * S - 1 + LATENESS.toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        send(event(ActivityKind.CHAT, 40));
        assertThat(harness.getSideOutput(LATE)).hasSize(1);
        assertThat(harness.extractOutputValues()).hasSize(2);
    }

    @Test
    void viewersOfOneRoomHaveSessionsStateAndTimersOfTheirOwn() throws Exception {
        var random = new java.util.Random(3);
        var events = new java.util.ArrayList<Activity>();
        for (int i = 0; i < 600; i++) {
            String user = "u" + random.nextInt(6);
            long second = random.nextInt(200) + (i % 3 == 0 ? 300 : 0);
            var kind = ActivityKind.values()[random.nextInt(8)];
            events.add(new Activity(kind, "e" + i, user, "r1", second * S, 1500, 8000, 1, 10, null));
        }
        var expected = new java.util.ArrayList<WatchSession>();
        events.stream().collect(java.util.stream.Collectors.groupingBy(Activity::userId))
                .forEach((user, own) -> expected.addAll(WatchSessions.split(own, GAP, 1000)));
        java.util.Collections.shuffle(events, random);
        for (var a : events) {
            if (a.kind().sessionScoped()) {
                send(a);
            }
        }
        harness.processWatermark(250 * S);
        assertThat(harness.numEventTimeTimers()).as("the viewers' open sessions still have timers").isPositive();
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(harness.extractOutputValues().stream().map(WatchSessionizerTest::rounded).toList())
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(WatchSessionizerTest::rounded).toList());
        assertThat(expected.stream().map(WatchSession::getUserId).distinct()).hasSize(6);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    /** Namespaced state and timers go through a checkpoint on either backend: restored, the sessions come out whole. */
    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void viewersSessionsSurviveARestoreFromASnapshot(String backend) throws Exception {
        var random = new java.util.Random(7);
        var events = new java.util.ArrayList<Activity>();
        for (int i = 0; i < 300; i++) {
            String user = "u" + random.nextInt(4);
            var kind = ActivityKind.values()[random.nextInt(8)];
            events.add(new Activity(kind, "e" + i, user, "r1", random.nextInt(400) * S, 1500, 8000, 1, 10, null));
        }
        events.removeIf(a -> !a.kind().sessionScoped());
        events.sort(Activity.EVENT_ORDER);
        var expected = new java.util.ArrayList<WatchSession>();
        events.stream().collect(java.util.stream.Collectors.groupingBy(Activity::userId))
                .forEach((user, own) -> expected.addAll(WatchSessions.split(own, GAP, 1000)));

        var outputs = new java.util.ArrayList<WatchSession>();
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (var before = harness(backend)) {
            before.open();
            for (var a : events.subList(0, events.size() / 2)) {
                before.processElement(a, a.timeMs());
            }
            before.processWatermark(events.get(events.size() / 2).timeMs() - GAP.toMillis());
            outputs.addAll(before.extractOutputValues());
            snapshot = before.snapshot(1, 1);
        }
        try (var after = harness(backend)) {
            after.initializeState(snapshot);
            after.open();
            assertThat(after.numEventTimeTimers()).as("the open sessions' timers were restored").isPositive();
            for (var a : events.subList(events.size() / 2, events.size())) {
                after.processElement(a, a.timeMs());
            }
            after.processWatermark(Long.MAX_VALUE);
            outputs.addAll(after.extractOutputValues());
            assertThat(after.numEventTimeTimers()).isZero();
            if (backend.equals("hashmap")) { // the harness counts entries of the heap backend only
                assertThat(after.numKeyedStateEntries()).isZero();
            }
        }

        assertThat(outputs.stream().map(WatchSessionizerTest::rounded).toList())
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(WatchSessionizerTest::rounded).toList());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Activity, WatchSession> harness(String backend)
            throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(new WatchSessionizer(GAP, LATENESS, 1000, LATE),
                Activity::roomId, Types.STRING);
        var conf = new org.apache.flink.configuration.Configuration();
        conf.set(org.apache.flink.configuration.StateBackendOptions.STATE_BACKEND, backend);
        harness.setStateBackend(org.apache.flink.runtime.state.StateBackendLoader.loadStateBackendFromConfig(
                conf, WatchSessionizerTest.class.getClassLoader(), null));
        return harness;
    }

    private void send(Activity a) throws Exception {
        harness.processElement(a, a.timeMs());
    }

    private static Activity event(ActivityKind kind, long seconds) {
        return Activity.of(kind, kind + "-" + seconds, "u1", "r1", seconds * S);
    }
}
