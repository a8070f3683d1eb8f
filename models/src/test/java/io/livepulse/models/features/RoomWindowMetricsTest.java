package io.livepulse.models.features;

import static io.livepulse.models.features.Fixtures.at;
import static io.livepulse.models.features.Fixtures.event;
import static io.livepulse.models.features.Fixtures.gift;
import static io.livepulse.models.features.Fixtures.heartbeat;
import static io.livepulse.models.features.Fixtures.order;
import static io.livepulse.models.features.Fixtures.player;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RoomWindowMetricsTest {
    private static final Duration GAP = Duration.ofSeconds(60);
    private static final long T0_MS = at(0);

    @Test
    void countsViewersRevenueAdsAndConversionInTheWindow() {
        var events = List.of(
                player(ActivityKind.JOIN, "u1", "r1", 0),
                heartbeat("u1", "r1", 30, 1000, 2000),
                heartbeat("u1", "r1", 60, 1000, 2000),
                player(ActivityKind.JOIN, "u2", "r1", 10),
                player(ActivityKind.LEAVE, "u2", "r1", 40),
                event(ActivityKind.CHAT, "u1", "r1", 20),
                event(ActivityKind.CHAT, "u2", "r1", 70),
                gift("u1", "r1", 80, 2, 500),
                event(ActivityKind.SUBSCRIPTION, "u2", "r1", 90),
                event(ActivityKind.AD_IMPRESSION, "u1", "r1", 5),
                event(ActivityKind.AD_IMPRESSION, "u2", "r1", 15),
                event(ActivityKind.AD_IMPRESSION, "u2", "r1", 16),
                event(ActivityKind.AD_IMPRESSION, "u2", "r1", 17),
                event(ActivityKind.AD_CLICK, "u2", "r1", 18),
                event(ActivityKind.PRODUCT_CLICK, "u1", "r1", 50),
                event(ActivityKind.PRODUCT_CLICK, "u2", "r1", 51),
                order("u1", "r1", 55, 1999));

        var m = RoomWindowMetrics.compute("r1", at(0), at(100), events, GAP);

        assertThat(m.getConcurrentViewers()).as("u1 heartbeat at 60 is less than a gap before 100; u2 left").isEqualTo(1);
        assertThat(m.getNewViewers()).isEqualTo(2);
        assertThat(m.getAvgWatchTimeMs()).isCloseTo((60_000 + 30_000) / 2.0, within(1e-9));
        // u1: chat + gift in 1 min -> 2/min; u2: 1 chat in 0.5 min, counted over the 1-minute floor -> 1/min
        assertThat(m.getAvgInteractionsPerMinute()).isCloseTo(1.5, within(1e-9));
        assertThat(m.getInteractions()).isEqualTo(3);
        assertThat(m.getGiftRevenueMinor()).isEqualTo(500);
        assertThat(m.getOrderRevenueMinor()).isEqualTo(1999);
        assertThat(m.getNewSubscriptions()).isEqualTo(1);
        assertThat(m.getCtr()).isCloseTo(0.25, within(1e-12));
        assertThat(m.getConversion()).isCloseTo(0.5, within(1e-12));
        // first half [0,60): 1 interaction, viewers u1,u2; second half: 2 interactions, viewers u1,u2
        assertThat(m.getTrendingScore()).isCloseTo(Math.log(3.0 / 2.0), within(1e-12));
    }

    @Test
    void viewerWhoseLastHeartbeatIsAGapBeforeWindowEndIsNotConcurrent() {
        var events = List.of(player(ActivityKind.JOIN, "u1", "r1", 0), heartbeat("u1", "r1", 60, 1000, 1000));
        assertThat(RoomWindowMetrics.compute("r1", at(0), at(120), events, GAP).getConcurrentViewers()).isZero();
        assertThat(RoomWindowMetrics.compute("r1", at(0), at(119), events, GAP).getConcurrentViewers()).isEqualTo(1);
    }

    @Test
    void emptyWindowIsAllZeros() {
        var m = RoomWindowMetrics.compute("r1", at(0), at(60), List.of(), GAP);
        assertThat(m.getConcurrentViewers()).isZero();
        assertThat(m.getCtr()).isZero();
        assertThat(m.getTrendingScore()).isZero();
    }

    @Test
    void slidingWindowStartsMatchFlinkAssignment() {
        assertThat(RoomWindowMetrics.windowStarts(at(65), Duration.ofSeconds(60), Duration.ofSeconds(20)))
                .containsExactly(at(60), at(40), at(20));
        assertThat(RoomWindowMetrics.windowStarts(at(60), Duration.ofSeconds(60), Duration.ofSeconds(20)))
                .containsExactly(at(60), at(40), at(20));
    }

    @Test
    void panesAddedOutOfOrderCombineToTheWindowComputedFromItsEvents() throws Exception {
        var random = new Random(3);
        var kinds = ActivityKind.values();
        var events = new ArrayList<Activity>();
        for (int i = 0; i < 400; i++) {
            var kind = kinds[random.nextInt(kinds.length - 1)];
            String user = "u" + random.nextInt(12);
            long second = random.nextInt(120);
            events.add(kind == ActivityKind.HEARTBEAT ? heartbeat(user, "r1", second, 3000, 8000)
                    : kind == ActivityKind.GIFT ? gift(user, "r1", second, 1 + random.nextInt(3), 100)
                    : Activity.of(kind, kind + "-" + i, user, "r1", at(second)));
        }
        Collections.shuffle(events, random);
        long paneMs = RoomWindowMetrics.paneMs(Duration.ofSeconds(120), Duration.ofSeconds(40));
        assertThat(paneMs).isEqualTo(20_000);
        var panes = new TreeMap<Long, RoomPane>();
        for (Activity a : events) {
            long start = a.timeMs() - Math.floorMod(a.timeMs(), paneMs);
            panes.computeIfAbsent(start, s -> new RoomPane(s, GAP.toMillis())).add(a);
        }
        var copies = new ArrayList<RoomPane>();
        for (RoomPane pane : panes.values()) {
            var bytes = new ByteArrayOutputStream();
            pane.writeTo(new DataOutputStream(bytes));
            copies.add(RoomPane.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))).copy());
        }

        var expected = RoomWindowMetrics.compute("r1", at(0), at(120), events, GAP, "music");
        assertThat(RoomWindowMetrics.combine("r1", at(0), at(120), List.copyOf(panes.values()), GAP, "music"))
                .isEqualTo(expected);
        assertThat(RoomWindowMetrics.combine("r1", at(0), at(120), copies, GAP, "music")).isEqualTo(expected);
        assertThat(expected.getAvgWatchTimeMs()).isPositive();
        assertThat(expected.getConcurrentViewers()).isPositive();
        assertThat(expected.getCategory()).isEqualTo("music");
    }

    @Test
    void averageInteractionRateHasTheSameBitsWhateverOrderTheViewersArriveIn() {
        // Eight user ids with one hash code share a hash bucket, which iterates in insertion order: each shuffle
        // hands the viewers to the summation in another order.
        var users = new ArrayList<String>();
        for (String a : List.of("Aa", "BB")) {
            for (String b : List.of("Aa", "BB")) {
                for (String c : List.of("Aa", "BB")) {
                    users.add(a + b + c);
                }
            }
        }
        var random = new Random(11);
        var events = new ArrayList<Activity>();
        for (String user : users) {
            long join = T0_MS + random.nextInt(20_000);
            events.add(Activity.of(ActivityKind.JOIN, "j-" + user, user, "r1", join));
            events.add(Activity.of(ActivityKind.HEARTBEAT, "h-" + user, user, "r1", join + 1 + random.nextInt(59_000)));
            int chats = 1 + random.nextInt(997);
            for (int i = 0; i < chats; i++) {
                events.add(Activity.of(ActivityKind.CHAT, "c-" + user + i, user, "r1", join + random.nextInt(500)));
            }
        }
        var first = RoomWindowMetrics.compute("r1", T0_MS, T0_MS + 120_000, events, GAP);
        for (int shuffle = 0; shuffle < 300; shuffle++) {
            Collections.shuffle(events, random);
            assertThat(RoomWindowMetrics.compute("r1", T0_MS, T0_MS + 120_000, events, GAP)).isEqualTo(first);
        }
        assertThat(first.getAvgInteractionsPerMinute()).isPositive();
    }

    @Test
    void watchTimeCrossesPaneBoundariesButNotALeave() {
        var events = List.of(player(ActivityKind.JOIN, "u1", "r1", 15), heartbeat("u1", "r1", 25, 1000, 1000),
                player(ActivityKind.LEAVE, "u1", "r1", 35), player(ActivityKind.JOIN, "u1", "r1", 45));
        var panes = new ArrayList<RoomPane>();
        for (int p = 0; p < 6; p++) {
            var pane = new RoomPane(at(p * 10L), GAP.toMillis());
            events.stream().filter(a -> a.timeMs() >= pane.startMs() && a.timeMs() < pane.startMs() + 10_000)
                    .forEach(pane::add);
            panes.add(pane);
        }
        var m = RoomWindowMetrics.combine("r1", at(0), at(60), panes, GAP, null);
        assertThat(m.getAvgWatchTimeMs()).isEqualTo(20_000.0);
        assertThat(m.getConcurrentViewers()).isEqualTo(1);
        assertThat(m.getNewViewers()).isEqualTo(1);
        assertThat(m).isEqualTo(RoomWindowMetrics.compute("r1", at(0), at(60), events, GAP, null));
    }
}
