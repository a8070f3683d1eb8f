package io.livepulse.streaming.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.models.features.Activity;
import io.livepulse.models.features.ActivityKind;
import io.livepulse.models.features.FeatureParams;
import io.livepulse.models.features.RoomWindowMetrics;
import io.livepulse.schemas.feature.RoomMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PanedRoomMetricsTest {
    private static final long S = 1000;
    private static final FeatureParams PARAMS =
            new FeatureParams(Duration.ofSeconds(60), 1000, Duration.ofSeconds(60), Duration.ofSeconds(20));
    private static final Duration LATENESS = Duration.ofSeconds(30);
    private static final OutputTag<Activity> LATE = new OutputTag<>("late") {};

    private KeyedOneInputStreamOperatorTestHarness<String, Activity, RoomMetrics> harness;
    private final List<Activity> sent = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new PanedRoomMetrics(PARAMS, LATENESS, LATE)), Activity::roomId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void windowsFireAtTheWatermarkWithTheMetricsOfTheirEventsAndTheirCategory() throws Exception {
        send(room("r1", 0, "games"));
        send(event(ActivityKind.JOIN, "u1", 5));
        send(event(ActivityKind.CHAT, "u1", 25));
        send(event(ActivityKind.HEARTBEAT, "u1", 15));
        send(room("r1", 50, "music"));
        harness.processWatermark(59 * S - 1);
        assertThat(harness.extractOutputValues()).extracting(RoomMetrics::getWindowStartMs)
                .containsExactly(-40 * S, -20 * S);
        harness.processWatermark(60 * S - 1);
        var out = harness.extractOutputValues();
        assertThat(out).hasSize(3);
        assertThat(out.get(2)).isEqualTo(expected(0, "music"));
        assertThat(out.get(0)).isEqualTo(expected(-40 * S, "games"));
        assertThat(out.get(2).getAvgWatchTimeMs()).isEqualTo(10_000.0);
    }

    @Test
    void lateEventWithinTheLatenessFiresItsWindowsAgainAndTooLateGoesToTheSideOutput() throws Exception {
        send(event(ActivityKind.JOIN, "u1", 5));
        harness.processWatermark(60 * S - 1);
        assertThat(harness.extractOutputValues()).extracting(RoomMetrics::getWindowStartMs)
                .containsExactly(-40 * S, -20 * S, 0L);
        send(event(ActivityKind.GIFT, "u1", 10));
        // Window -40 s closed at 20 s + 30 s lateness; -20 s and 0 s are within it and fire again at once.
        assertThat(harness.extractOutputValues()).hasSize(5);
        assertThat(harness.extractOutputValues().subList(3, 5)).containsExactly(expected(-20 * S, null),
                expected(0, null));
        send(event(ActivityKind.CHAT, "u1", -30));
        assertThat(harness.getSideOutput(LATE)).extracting(r -> r.getValue().eventId()).containsExactly("CHAT--30");
        assertThat(harness.extractOutputValues()).hasSize(5);
    }

    @Test
    void stateIsClearedOnceEveryWindowIsPastTheLateness() throws Exception {
        send(room("r1", 0, "games"));
        send(event(ActivityKind.JOIN, "u1", 5));
        send(event(ActivityKind.LEAVE, "u1", 45));
        harness.processWatermark(100 * S - 1 + LATENESS.toMillis() - 1);
        assertThat(harness.numKeyedStateEntries()).as("the panes, the catalogue").isEqualTo(2);
        harness.processWatermark(100 * S - 1 + LATENESS.toMillis());
        assertThat(harness.numKeyedStateEntries()).as("only the room's latest category").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private RoomMetrics expected(long start, String category) {
        var inWindow = sent.stream().filter(a -> a.kind() != ActivityKind.ROOM)
                .filter(a -> a.timeMs() >= start && a.timeMs() < start + 60 * S).toList();
        return RoomWindowMetrics.compute("r1", start, start + 60 * S, inWindow, PARAMS.heartbeatGap(), category);
    }

    private void send(Activity a) throws Exception {
        sent.add(a);
        harness.processElement(a, a.timeMs());
    }

    private static Activity event(ActivityKind kind, String user, long seconds) {
        return new Activity(kind, kind + "-" + seconds, user, "r1", seconds * S, Double.NaN, Double.NaN, 1,
                kind == ActivityKind.GIFT ? 300 : 0, null);
    }

    private static Activity room(String room, long seconds, String category) {
        return new Activity(ActivityKind.ROOM, "room-" + seconds, "streamer", room, seconds * S, Double.NaN, Double.NaN,
                1, 0L, category);
    }
}
