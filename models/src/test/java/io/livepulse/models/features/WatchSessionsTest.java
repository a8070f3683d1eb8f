package io.livepulse.models.features;

import static io.livepulse.models.features.Fixtures.at;
import static io.livepulse.models.features.Fixtures.event;
import static io.livepulse.models.features.Fixtures.gift;
import static io.livepulse.models.features.Fixtures.heartbeat;
import static io.livepulse.models.features.Fixtures.player;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.livepulse.models.formula.SeedModel;
import io.livepulse.schemas.feature.WatchSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WatchSessionsTest {
    private static final Duration GAP = Duration.ofSeconds(60);
    private static final double K = 1000;

    @Test
    void joinHeartbeatsLeaveMakeOneSessionWithWatchTimeUntilLeave() {
        var events = List.of(
                player(ActivityKind.JOIN, "u1", "r1", 0),
                heartbeat("u1", "r1", 30, 2000, 4000),
                heartbeat("u1", "r1", 60, 4000, 4000),
                event(ActivityKind.CHAT, "u1", "r1", 70),
                gift("u1", "r1", 75, 3, 300),
                player(ActivityKind.LEAVE, "u1", "r1", 90));

        List<WatchSession> sessions = WatchSessions.split(events, GAP, K);

        assertThat(sessions).hasSize(1);
        WatchSession s = sessions.get(0);
        assertThat(s.getWatchTimeMs()).isEqualTo(90_000);
        assertThat(s.getStartTimeMs()).isEqualTo(at(0));
        assertThat(s.getEndTimeMs()).isEqualTo(at(90));
        assertThat(s.getHeartbeats()).isEqualTo(2);
        assertThat(s.getInteractions()).isEqualTo(2);
        assertThat(s.getInteractionsPerMinute()).isCloseTo(2 / 1.5, within(1e-12));
        assertThat(s.getGiftCount()).isEqualTo(3);
        assertThat(s.getGiftValueMinor()).isEqualTo(300);
        double expectedT = (SeedModel.transmissionTerm(K, 2000, 4000) + SeedModel.transmissionTerm(K, 4000, 4000)) / 2;
        assertThat(s.getTransmissionTerm()).isCloseTo(expectedT, within(1e-12));
        assertThat(s.getMeanBitrateKbps()).isEqualTo(3000.0);
    }

    @ParameterizedTest(name = "second join after {0}s gap -> {1} sessions, W = {2}s")
    @CsvSource({"59, 1, 30", "60, 2, 30", "600, 2, 30"})
    void aGapOfAtLeastTheHeartbeatGapStartsANewSession(long gapSeconds, int sessions, long watchSeconds) {
        long rejoin = 30 + gapSeconds;
        var events = List.of(
                player(ActivityKind.JOIN, "u1", "r1", 0),
                heartbeat("u1", "r1", 30, 1000, 1000),
                player(ActivityKind.JOIN, "u1", "r1", rejoin),
                player(ActivityKind.LEAVE, "u1", "r1", rejoin + 30));

        var result = WatchSessions.split(events, GAP, K);

        assertThat(result).hasSize(sessions);
        // When the rejoin is within the gap, the interval heartbeat -> rejoin is still counted as watched.
        long total = result.stream().mapToLong(WatchSession::getWatchTimeMs).sum();
        assertThat(total).isEqualTo(sessions == 1 ? (rejoin + 30) * 1000 : (watchSeconds + 30) * 1000);
    }

    @Test
    void timeAfterLeaveIsNotWatchedEvenWhenTheUserComesBackWithinTheGap() {
        var events = List.of(
                player(ActivityKind.JOIN, "u1", "r1", 0),
                player(ActivityKind.LEAVE, "u1", "r1", 20),
                player(ActivityKind.JOIN, "u1", "r1", 50),
                player(ActivityKind.LEAVE, "u1", "r1", 60));

        var result = WatchSessions.split(events, GAP, K);

        assertThat(result).singleElement().extracting(WatchSession::getWatchTimeMs).isEqualTo(30_000L);
    }

    @ParameterizedTest(name = "a {0} s visit with {1} likes has I = {2}/min")
    @CsvSource({"2, 1, 1.0", "30, 1, 1.0", "59, 3, 3.0", "60, 3, 3.0", "90, 3, 2.0", "120, 3, 1.5"})
    void iCountsAVisitShorterThanAMinuteAsAMinute(long visitSeconds, int likes, double expectedI) {
        var events = new ArrayList<Activity>();
        events.add(player(ActivityKind.JOIN, "u1", "r1", 0));
        for (long beat = 30; beat < visitSeconds; beat += 30) {
            events.add(heartbeat("u1", "r1", beat, 1000, 1000));
        }
        for (int i = 0; i < likes; i++) {
            events.add(event(ActivityKind.LIKE, "u1", "r1", Math.min(i, visitSeconds)));
        }
        events.add(player(ActivityKind.LEAVE, "u1", "r1", visitSeconds));

        var session = WatchSessions.split(events, GAP, K).get(0);

        assertThat(session.getWatchTimeMs()).isEqualTo(visitSeconds * 1000);
        assertThat(session.getInteractionsPerMinute()).isCloseTo(expectedI, within(1e-12));
    }

    /** Property over seeded random visits: I never exceeds the interactions, and equals them below a minute. */
    @Test
    void aVeryShortVisitCannotHaveIAboveItsInteractions() {
        var random = new Random(17);
        for (int trial = 0; trial < 2_000; trial++) {
            long watchMs = 1 + random.nextInt(trial % 2 == 0 ? 60_000 : 600_000);
            long interactions = random.nextInt(50);
            double i = WatchSessions.perMinute(interactions, watchMs);
            assertThat(i).as("I of %d interactions over %d ms", interactions, watchMs)
                    .isLessThanOrEqualTo(interactions).isGreaterThanOrEqualTo(0.0);
            if (watchMs <= WatchSessions.MIN_RATE_WATCH_MS) {
                assertThat(i).isEqualTo((double) interactions);
            } else {
                assertThat(i).isCloseTo(interactions / (watchMs / 60_000.0), within(1e-9));
            }
        }
        for (int trial = 0; trial < 200; trial++) {
            long leave = 1 + random.nextInt(59);
            var events = new ArrayList<Activity>();
            events.add(player(ActivityKind.JOIN, "u", "r", 0));
            int n = 1 + random.nextInt(20);
            for (int e = 0; e < n; e++) {
                events.add(event(e % 2 == 0 ? ActivityKind.LIKE : ActivityKind.CHAT, "u", "r", random.nextInt((int) leave)));
            }
            events.add(player(ActivityKind.LEAVE, "u", "r", leave));
            var session = WatchSessions.split(events, GAP, K).get(0);
            assertThat(session.getInteractionsPerMinute()).isLessThanOrEqualTo(session.getInteractions());
            assertThat(SeedObservations.chatPerMinute(session)).isLessThanOrEqualTo(session.getChatMessages());
            assertThat(SeedObservations.likesPerMinute(session)).isLessThanOrEqualTo(session.getLikes());
        }
    }

    @Test
    void interactionsWithoutPlayerEventsGiveASessionWithNoWatchTimeAndZeroI() {
        var result = WatchSessions.split(List.of(event(ActivityKind.LIKE, "u1", "r1", 5)), GAP, K);

        assertThat(result).singleElement().satisfies(s -> {
            assertThat(s.getWatchTimeMs()).isZero();
            assertThat(s.getInteractionsPerMinute()).isZero();
            assertThat(s.getTransmissionTerm()).isNull();
        });
    }

    @Test
    void heartbeatsWithoutValidBitrateOrBandwidthDoNotEnterT() {
        var events = List.of(
                heartbeat("u1", "r1", 0, Double.NaN, 1000),
                heartbeat("u1", "r1", 10, 1000, 0),
                heartbeat("u1", "r1", 20, 1024, 2000));

        var s = WatchSessions.summarize(events, K);

        assertThat(s.getHeartbeats()).isEqualTo(3);
        assertThat(s.getTransmissionTerm()).isCloseTo(K * 10 / 2000, within(1e-12));
    }

    @Test
    void aLeaveInTheSameMillisecondAsAHeartbeatEndsWatchingWhateverTheEventIds() {
        for (String leaveId : List.of("a-leave", "z-leave")) {
            var events = List.of(
                    new Activity(ActivityKind.JOIN, "m-join", "u1", "r1", 0, Double.NaN, Double.NaN, 1, 0L, null),
                    new Activity(ActivityKind.HEARTBEAT, "m-hb", "u1", "r1", 10_000, 2000, 4000, 1, 0L, null),
                    new Activity(ActivityKind.LEAVE, leaveId, "u1", "r1", 10_000, Double.NaN, Double.NaN, 1, 0L, null),
                    new Activity(ActivityKind.JOIN, "m-join2", "u1", "r1", 20_000, Double.NaN, Double.NaN, 1, 0L, null),
                    new Activity(ActivityKind.HEARTBEAT, "m-hb2", "u1", "r1", 30_000, 2000, 4000, 1, 0L, null));

            assertThat(WatchSessions.summarize(events, K).getWatchTimeMs()).as(leaveId).isEqualTo(20_000);
        }
    }

    @Test
    void addingOneEventEqualsAddingItsOwnTotalsBitForBit() {
        var random = new Random(11);
        var kinds = ActivityKind.values();
        SessionTotals totals = SessionTotals.of(heartbeat("u", "r", 10, 2500, 4000), K);
        for (int i = 0; i < 2_000; i++) {
            long second = random.nextInt(3_600);
            ActivityKind kind = kinds[random.nextInt(kinds.length)];
            var a = switch (random.nextInt(4)) {
                case 0 -> heartbeat("u", "r", second, 100 + random.nextDouble() * 8_000, random.nextDouble() * 9_000);
                case 1 -> heartbeat("u", "r", second, Double.NaN, 3_000);
                case 2 -> new Activity(kind, "e" + i, "u", "r", second * 1000, Double.NaN, Double.NaN,
                        1 + random.nextInt(9), random.nextInt(50_000), null);
                default -> event(kind, "u", "r", second);
            };

            var expected = SessionTotals.of(a, K).plus(totals);
            totals = totals.plus(a, K);

            assertThat(totals).isEqualTo(expected);
        }
    }

    @Test
    void sessionTotalsAddUpToTheSameSummaryInAnyOrderAndGrouping() {
        var random = new Random(7);
        var kinds = ActivityKind.values();
        for (int trial = 0; trial < 200; trial++) {
            var events = new ArrayList<Activity>();
            for (int i = 0; i < 25; i++) {
                long second = random.nextInt(50);
                ActivityKind kind = kinds[random.nextInt(8)];
                events.add(kind == ActivityKind.HEARTBEAT
                        ? heartbeat("u", "r", second, 500 + random.nextInt(5000), 500 + random.nextInt(5000))
                        : event(kind, "u", "r", second));
            }
            var sessionEvents = events.stream().filter(a -> a.kind().sessionScoped()).toList();
            if (sessionEvents.isEmpty()) {
                continue;
            }
            var expected = WatchSessions.summarize(sessionEvents, K);
            var shuffled = new ArrayList<>(sessionEvents);
            Collections.shuffle(shuffled, random);
            int cut = random.nextInt(shuffled.size());
            SessionTotals left = null;
            SessionTotals right = null;
            for (int i = 0; i < shuffled.size(); i++) {
                var one = SessionTotals.of(shuffled.get(i), K);
                if (i < cut) {
                    left = left == null ? one : left.plus(one);
                } else {
                    right = right == null ? one : right.plus(one);
                }
            }
            var sums = left == null ? right : left.plus(right);
            var actual = sums.toWatchSession(expected.getWatchTimeMs());
            assertThat(actual.getStartTimeMs()).isEqualTo(expected.getStartTimeMs());
            assertThat(actual.getEndTimeMs()).isEqualTo(expected.getEndTimeMs());
            assertThat(actual.getHeartbeats()).isEqualTo(expected.getHeartbeats());
            assertThat(actual.getInteractions()).isEqualTo(expected.getInteractions());
            assertThat(actual.getLikes()).isEqualTo(expected.getLikes());
            assertThat(actual.getGiftValueMinor()).isEqualTo(expected.getGiftValueMinor());
            if (expected.getTransmissionTerm() == null) {
                assertThat(actual.getTransmissionTerm()).isNull();
            } else {
                assertThat(actual.getTransmissionTerm()).isCloseTo(expected.getTransmissionTerm(), within(1e-9));
            }
        }
    }

    @Test
    void noEventsNoSessionsAndSummarizeRefusesEmpty() {
        assertThat(WatchSessions.split(List.of(), GAP, K)).isEmpty();
        assertThatThrownBy(() -> WatchSessions.summarize(List.of(), K)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resultIsIndependentOfArrivalOrderAndWatchTimeIsNeverNegative() {
        var random = new Random(42);
        var kinds = ActivityKind.values();
        for (int trial = 0; trial < 200; trial++) {
            var events = new ArrayList<Activity>();
            long t = 0;
            for (int i = 0; i < 30; i++) {
                t += random.nextInt(90);
                ActivityKind kind = kinds[random.nextInt(8)];
                events.add(kind == ActivityKind.HEARTBEAT
                        ? heartbeat("u", "r", t, 500 + random.nextInt(5000), 500 + random.nextInt(5000))
                        : event(kind, "u", "r", t));
            }
            var expected = WatchSessions.split(events, GAP, K);
            Collections.shuffle(events, random);
            assertThat(WatchSessions.split(events, GAP, K)).isEqualTo(expected);
            assertThat(expected).allSatisfy(s -> {
                assertThat(s.getWatchTimeMs()).isBetween(0L, s.getEndTimeMs() - s.getStartTimeMs());
                assertThat(s.getInteractionsPerMinute()).isGreaterThanOrEqualTo(0.0);
            });
        }
    }
}
