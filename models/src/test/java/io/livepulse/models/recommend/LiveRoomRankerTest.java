package io.livepulse.models.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.models.recommend.RankedRoom.Reason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LiveRoomRankerTest {
    /** s1 watched twice, s2 once (more recently); the model prefers s3, then s2, then s1, and has no s4. */
    static final List<WatchedStreamer> HISTORY = List.of(new WatchedStreamer("s1", 2, 60_000, 1_000),
            new WatchedStreamer("s2", 1, 30_000, 2_000));
    static final StreamerModel MODEL = (user, history, streamers, scores) -> {
        var byStreamer = Map.of("s1", 0.1, "s2", 0.5, "s3", 0.9);
        for (int i = 0; i < streamers.length; i++) {
            scores[i] = byStreamer.getOrDefault(streamers[i], Double.NaN);
        }
        return !history.isEmpty();
    };
    static final List<LiveCandidate> LIVE = List.of(new LiveCandidate("r1", "s1", "mario speedrun", 5),
            new LiveCandidate("r2", "s2", "cooking pasta", 1), new LiveCandidate("r3", "s3", "mario kart racing", 2),
            new LiveCandidate("r4", "s4", "cooking retro", 9));
    static final Map<String, String> TEXTS = Map.of("s1", "mario speedrun", "s2", "cooking pasta");

    static LiveRoomRanker.Query query(List<WatchedStreamer> history, List<LiveCandidate> live) {
        return new LiveRoomRanker.Query("u", history, live, TEXTS::get);
    }

    static List<String> rooms(List<RankedRoom> ranked) {
        return ranked.stream().map(RankedRoom::roomId).toList();
    }

    @Test
    void weightZeroRanksByTheModelAndRoomsItCannotScoreLast() {
        var ranked = new LiveRoomRanker("als", MODEL, new RankerParams(0, false)).rank(query(HISTORY, LIVE), 10);
        // the unscorable room r4 ties the lowest model score (r1's) and wins that tie on popularity
        assertThat(rooms(ranked)).containsExactly("r3", "r2", "r4", "r1");
        assertThat(ranked).extracting(RankedRoom::reason)
                .containsExactly(Reason.similar, Reason.repeat, Reason.popular, Reason.repeat);
        assertThat(ranked.get(2).score()).isEqualTo(0.1);
    }

    @Test
    void aLargeWeightRanksTheUsersStreamersFirstByVisitsThenTheModel() {
        var ranked = new LiveRoomRanker("blend", MODEL, new RankerParams(10, false)).rank(query(HISTORY, LIVE), 10);
        assertThat(rooms(ranked)).containsExactly("r1", "r2", "r3", "r4");
    }

    @Test
    void aSmallWeightLetsTheModelOverruleASingleRepeat() {
        var ranked = new LiveRoomRanker("blend", MODEL, new RankerParams(0.1, false)).rank(query(HISTORY, LIVE), 10);
        assertThat(rooms(ranked)).containsExactly("r3", "r2", "r1", "r4");
    }

    @Test
    void equalVisitsGoToTheMoreRecentStreamer() {
        var history = List.of(new WatchedStreamer("s1", 1, 0, 1_000), new WatchedStreamer("s2", 1, 0, 2_000));
        var ranked = new LiveRoomRanker("repeat", null, new RankerParams(1, false)).rank(query(history, LIVE), 2);
        assertThat(rooms(ranked)).containsExactly("r2", "r1");
    }

    @Test
    void withoutAModelScoreContentColdStartsThenPopularityFills() {
        // the model knows nothing of this user: the rooms are ranked by text similarity to the user's streamers
        StreamerModel unknown = (user, history, streamers, scores) -> false;
        var history = List.of(new WatchedStreamer("s1", 1, 0, 1_000));
        var live = LIVE.subList(1, 4);
        var ranked = new LiveRoomRanker("als", unknown, new RankerParams(0, true)).rank(query(history, live), 10);
        assertThat(rooms(ranked)).containsExactly("r3", "r4", "r2");
        assertThat(ranked).extracting(RankedRoom::reason).containsExactly(Reason.content, Reason.popular,
                Reason.popular);
        // without content, the same user gets the popular rooms
        var popular = new LiveRoomRanker("als", unknown, new RankerParams(0, false)).rank(query(history, live), 10);
        assertThat(rooms(popular)).containsExactly("r4", "r3", "r2");
        assertThat(popular).extracting(RankedRoom::reason).containsOnly(Reason.popular);
    }

    @Test
    void aUserWithoutHistoryGetsPopularRooms() {
        var ranked = new LiveRoomRanker("default", null, RankerParams.MODEL_FREE).rank(query(List.of(), LIVE), 3);
        assertThat(rooms(ranked)).containsExactly("r4", "r1", "r3");
        assertThat(ranked).extracting(RankedRoom::reason).containsOnly(Reason.popular);
    }

    @Test
    void eachStreamerAppearsOnceWithItsBestRoom() {
        var live = List.of(new LiveCandidate("r1a", "s1", null, 1), new LiveCandidate("r1b", "s1", null, 7),
                new LiveCandidate("r2", "s2", null, 3));
        var scored = new LiveRoomRanker("popularity", null, new RankerParams(0, false)).score(query(List.of(), live));
        assertThat(rooms(scored.top(10))).containsExactly("r1b", "r2");
        assertThat(scored.positionOf("s2")).isEqualTo(2);
        assertThat(scored.positionOf("nobody")).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void topKEqualsTheFullOrderWithOneRoomPerStreamer(int seed) {
        var random = new java.util.Random(seed);
        var live = new java.util.ArrayList<LiveCandidate>();
        for (int i = 0; i < 60; i++) {
            live.add(new LiveCandidate("r" + i, "s" + random.nextInt(25), null, random.nextInt(8)));
        }
        var scored = new LiveRoomRanker("popularity", null, new RankerParams(0, false)).score(query(List.of(), live));
        // reference: sort everything, keep each streamer's first room
        var order = new java.util.ArrayList<Integer>();
        for (int i = 0; i < live.size(); i++) {
            order.add(i);
        }
        order.sort((x, y) -> x.equals(y) ? 0 : scored.before(x, y) ? -1 : 1);
        var expected = new java.util.ArrayList<String>();
        var seen = new java.util.HashSet<String>();
        for (int i : order) {
            if (seen.add(live.get(i).streamerId())) {
                expected.add(live.get(i).roomId());
            }
        }
        for (int k : new int[] {1, 5, 10, 100}) {
            assertThat(rooms(scored.top(k))).containsExactlyElementsOf(expected.subList(0, Math.min(k,
                    expected.size())));
        }
        for (int p = 0; p < 5; p++) {
            String streamer = scored.top(100).get(p).streamerId();
            assertThat(scored.positionOf(streamer)).isEqualTo(p + 1);
        }
    }

    @ParameterizedTest
    @CsvSource({"9, 10, -1", "10, 9, 1", "010, 9, 1", "a, b, -1", "9, a, -1", "7, 7, 0"})
    void idsCompareAsNumbersWhenBothAreNumbers(String a, String b, int sign) {
        assertThat(Integer.signum(LiveRoomRanker.compareIds(a, b))).isEqualTo(sign);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.5, Double.NaN, Double.POSITIVE_INFINITY})
    void refusesABadWeight(double weight) {
        assertThatThrownBy(() -> new RankerParams(weight, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeatWeight");
    }
}
