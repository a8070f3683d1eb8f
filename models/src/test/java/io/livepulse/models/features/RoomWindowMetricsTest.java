package io.livepulse.models.features;

import static io.livepulse.models.features.Fixtures.at;
import static io.livepulse.models.features.Fixtures.event;
import static io.livepulse.models.features.Fixtures.gift;
import static io.livepulse.models.features.Fixtures.heartbeat;
import static io.livepulse.models.features.Fixtures.order;
import static io.livepulse.models.features.Fixtures.player;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomWindowMetricsTest {
    private static final Duration GAP = Duration.ofSeconds(60);

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
        // u1: chat + gift in 1 min -> 2/min; u2: 1 chat in 0.5 min -> 2/min
        assertThat(m.getAvgInteractionsPerMinute()).isCloseTo(2.0, within(1e-9));
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
}
