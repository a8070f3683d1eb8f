package io.livepulse.models.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.livepulse.schemas.EventJson;
import io.livepulse.schemas.EventType;
import io.livepulse.schemas.Validated;
import io.livepulse.schemas.event.ChatMessage;
import io.livepulse.schemas.event.Like;
import io.livepulse.schemas.event.PlayerAction;
import io.livepulse.schemas.event.PlayerEvent;
import io.livepulse.schemas.event.RoomAction;
import io.livepulse.schemas.event.RoomEvent;
import io.livepulse.schemas.event.Gift;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformSimulatorTest {
    private static final Path SHARED_DATA = Path.of(System.getProperty("livepulse.shared.data", "../../shared/data"));

    private static List<SpecificRecord> all(SimulationConfig config) {
        var list = new ArrayList<SpecificRecord>();
        new PlatformSimulator(config).events().forEachRemaining(list::add);
        return list;
    }

    @Test
    void sameSeedGivesTheSameEventsAndAnotherSeedDoesNot() {
        var first = all(SimulationConfig.tiny(7));
        var second = all(SimulationConfig.tiny(7));
        var other = all(SimulationConfig.tiny(8));
        assertThat(first).hasSizeGreaterThan(5_000);
        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void eventsAreTimeOrderedOfEveryTypeAndSurviveTheJsonRoundTrip() {
        var events = all(SimulationConfig.tiny(11).withUsers(800).withCorpusDir(SHARED_DATA));
        var counts = new EnumMap<EventType, Integer>(EventType.class);
        long previous = Long.MIN_VALUE;
        for (SpecificRecord e : events) {
            long t = SessionEvents.timeOf(e);
            assertThat(t).isGreaterThanOrEqualTo(previous);
            previous = t;
            counts.merge(EventType.of(e).orElseThrow(), 1, Integer::sum);
            var parsed = EventJson.parse(EventJson.toJsonString(e).getBytes(StandardCharsets.UTF_8));
            assertThat(parsed).isInstanceOf(Validated.Valid.class);
            assertThat(((Validated.Valid<SpecificRecord>) parsed).value()).isEqualTo(e);
        }
        assertThat(counts.keySet()).containsExactlyInAnyOrder(EventType.values());
        long impressions = counts.get(EventType.AD_IMPRESSION);
        double ctr = counts.get(EventType.AD_CLICK) / (double) impressions;
        assertThat(ctr).isBetween(0.003, 0.03);
    }

    @Test
    void roomsStartBeforeTheirViewersJoinAndEndAfterTheyLeave() {
        var started = new HashMap<String, Long>();
        var ended = new HashSet<String>();
        for (SpecificRecord e : all(SimulationConfig.tiny(3))) {
            if (e instanceof RoomEvent room) {
                if (room.getAction() == RoomAction.STARTED) {
                    started.put(room.getRoomId(), room.getEventTimeMs());
                } else {
                    ended.add(room.getRoomId());
                }
            } else if (e instanceof PlayerEvent p) {
                assertThat(started).containsKey(p.getRoomId());
                assertThat(ended).doesNotContain(p.getRoomId());
                assertThat(p.getBitrateKbps()).isPositive();
                assertThat(p.getBandwidthKbps()).isPositive();
            }
        }
        assertThat(ended).isNotEmpty();
    }

    @Test
    void calibratedToTheTwitchLogShape() {
        var config = SimulationConfig.twitch100k(5).withUsers(5_000).withStreamers(8_130).withDays(20);
        var noRepeat = new PlatformSimulator(config.withRepeatProbability(0));
        long noRepeatSessions = 0;
        long noRepeatRepeats = 0;
        for (var it = noRepeat.sessions(); it.hasNext(); ) {
            noRepeatRepeats += it.next().repeat() ? 1 : 0;
            noRepeatSessions++;
        }
        double baselineRepeatShare = noRepeatRepeats / (double) noRepeatSessions;
        var sim = new PlatformSimulator(config);
        long sessions = 0;
        long repeats = 0;
        double steps = 0;
        var perStreamer = new HashMap<String, Integer>();
        var users = new HashSet<String>();
        for (var it = sim.sessions(); it.hasNext(); ) {
            var s = it.next();
            sessions++;
            repeats += s.repeat() ? 1 : 0;
            steps += Math.max(1, Math.round(s.watchMinutes() / 10.0));
            perStreamer.merge(s.room().streamerId(), 1, Integer::sum);
            users.add(s.userId());
        }
        double perUserPerDay = sessions / (double) config.users() / config.days();
        double meanSteps = steps / sessions;
        double repeatShare = repeats / (double) sessions;
        var counts = perStreamer.values().stream().sorted(Comparator.reverseOrder()).toList();
        int top = Math.max(1, config.streamers() / 100);
        double topShare = counts.stream().limit(top).mapToLong(Integer::longValue).sum() / (double) sessions;
        double slope = logLogSlope(counts, 100);
        System.out.printf("baselineRepeat=%.3f ", baselineRepeatShare);
        System.out.printf("sessions=%d perUserPerDay=%.3f meanSteps=%.3f repeat=%.3f top1%%=%.3f slope=%.3f streamersSeen=%d%n",
                sessions, perUserPerDay, meanSteps, repeatShare, topShare, slope, counts.size());
        assertThat(meanSteps).isCloseTo(3.1, within(0.4));
        assertThat(perUserPerDay).isCloseTo(config.sessionsPerUserPerDay(), within(0.2));
        assertThat(repeatShare).isBetween(0.4, 0.85).isGreaterThan(1.5 * baselineRepeatShare);
        assertThat(slope).isBetween(-1.4, -0.6);
        assertThat(topShare).isGreaterThan(0.3);
    }

    /** Share of first-time (new-streamer) sessions whose streamer is in one of the viewer's two communities. */
    private static double newPicksInOwnCommunities(SimulationConfig config) {
        var sim = new PlatformSimulator(config);
        long fresh = 0;
        long own = 0;
        for (var it = sim.sessions(); it.hasNext(); ) {
            var s = it.next();
            if (s.repeat()) {
                continue;
            }
            fresh++;
            int c = sim.communityOfStreamer(s.room().streamerIndex());
            int[] mine = sim.communitiesOfUser(s.userIndex());
            own += c == mine[0] || c == mine[1] ? 1 : 0;
        }
        return own / (double) fresh;
    }

    @Test
    void viewersDiscoverNewStreamersByTasteAndRoomTextSaysWhichTaste() {
        var config = SimulationConfig.twitch100k(9).withUsers(2_000).withStreamers(3_252).withDays(5);
        double withTaste = newPicksInOwnCommunities(config);
        double popularityOnly = newPicksInOwnCommunities(config.withTasteShare(0));
        System.out.printf("new picks in own communities: taste %.3f, popularity only %.3f%n", withTaste, popularityOnly);
        assertThat(popularityOnly).isLessThan(0.2);
        assertThat(withTaste).isGreaterThan(popularityOnly + 0.4);

        var sim = new PlatformSimulator(config);
        for (Room room : sim.roomsOfDay(2)) {
            var community = TasteCommunity.of(sim.communityOfStreamer(room.streamerIndex()));
            assertThat(room.category()).isEqualTo(community.category());
            assertThat(room.language()).isEqualTo(community.language());
            assertThat(room.tags()).containsExactlyElementsOf(community.tags());
        }
        assertThat(TasteCommunity.of(2).tags()).containsExactly("zh", "王者荣耀", "ranked");
        assertThat(TasteCommunity.of(63).tags()).containsExactly("en", "带货-shopping", "viewer-games");
        assertThat(TasteCommunity.of(64 + 9).tags()).containsExactly("en", "league-of-legends", "ranked", "group-1");
    }

    private static double logLogSlope(List<Integer> descending, int ranks) {
        int n = Math.min(ranks, descending.size());
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++) {
            double x = Math.log(i + 1);
            double y = Math.log(descending.get(i));
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    @Test
    void plantedCoefficientsCanBeRecoveredFromTheEventsAsDefined() {
        var config = SimulationConfig.tiny(21).withUsers(600).withStreamers(100).withDays(2).withBurstsPerDay(0);
        record Acc(double[] v) {}
        var sessions = new HashMap<String, double[]>();
        var ends = new HashMap<String, Long>();
        var userLikes = new HashMap<String, Double>();
        var userMinutes = new HashMap<String, Double>();
        var rows = new ArrayList<double[]>();
        var sim = new PlatformSimulator(config);
        for (var it = sim.events(); it.hasNext(); ) {
            SpecificRecord e = it.next();
            if (e instanceof RoomEvent room && room.getAction() == RoomAction.ENDED) {
                ends.put(room.getRoomId(), room.getEventTimeMs());
            }
            if (e instanceof PlayerEvent p) {
                String key = p.getUserId() + "/" + p.getRoomId();
                if (p.getAction() == PlayerAction.JOIN) {
                    sessions.put(key, new double[] {p.getEventTimeMs(), p.getBitrateKbps(), p.getBandwidthKbps(), 0, 0});
                } else if (p.getAction() == PlayerAction.LEAVE) {
                    double[] s = sessions.remove(key);
                    double minutes = (p.getEventTimeMs() - s[0]) / 60_000.0;
                    userMinutes.merge(p.getUserId().toString(), minutes, Double::sum);
                    boolean cut = ends.containsKey(p.getRoomId()) || minutes < 2;
                    if (!cut) {
                        rows.add(new double[] {minutes, 1_000 * Math.log(s[1]) / Math.log(2) / s[2],
                            s[3] / minutes, s[4], Double.parseDouble(p.getUserId())});
                    }
                }
            } else if (e instanceof ChatMessage c) {
                double[] s = sessions.get(c.getUserId() + "/" + c.getRoomId());
                s[3]++;
            } else if (e instanceof Gift g) {
                sessions.get(g.getUserId() + "/" + g.getRoomId())[4] += g.getGiftCount();
            } else if (e instanceof Like l) {
                userLikes.merge(l.getUserId(), (double) l.getLikeCount(), Double::sum);
            }
        }
        var w = new ArrayList<double[]>();
        var i = new ArrayList<double[]>();
        for (double[] row : rows) {
            String user = Long.toString((long) row[4]);
            double sigma = userLikes.getOrDefault(user, 0.0) / userMinutes.get(user);
            w.add(new double[] {row[0], row[1], row[2]});
            i.add(new double[] {row[2], sigma, row[3]});
        }
        double[] lambda = ols(w);
        double[] alpha = ols(i);
        var c = config.coefficients();
        System.out.printf("sessions=%d lambda=(%.2f, %.2f) alpha=(%.3f, %.3f)%n", rows.size(), lambda[0], lambda[1], alpha[0], alpha[1]);
        assertThat(lambda[0]).isCloseTo(c.lambda1(), within(0.15 * c.lambda1()));
        assertThat(lambda[1]).isCloseTo(c.lambda2(), within(0.15 * c.lambda2()));
        assertThat(alpha[1]).isCloseTo(c.alpha2(), within(0.3 * c.alpha2()));
        assertThat(alpha[0]).isCloseTo(c.alpha1(), within(0.3 * c.alpha1()));
    }

    /** Least squares without intercept of column 0 on columns 1 and 2. */
    private static double[] ols(List<double[]> rows) {
        double a = 0, b = 0, d = 0, e = 0, f = 0;
        for (double[] r : rows) {
            a += r[1] * r[1];
            b += r[1] * r[2];
            d += r[2] * r[2];
            e += r[1] * r[0];
            f += r[2] * r[0];
        }
        double det = a * d - b * b;
        return new double[] {(d * e - b * f) / det, (a * f - b * e) / det};
    }

    @Test
    void burstsMakeTheirRoomsChatNegative(@TempDir Path dir) throws Exception {
        var config = SimulationConfig.tiny(9).withUsers(1_000);
        var sim = new PlatformSimulator(config);
        var truth = sim.groundTruth();
        assertThat(truth.bursts()).hasSize(2);
        var corpus = ChatCorpus.builtIn();
        int inBurst = 0, negativeInBurst = 0, outside = 0, negativeOutside = 0;
        Set<String> negatives = new HashSet<>();
        for (var lang : List.of("zh", "en")) {
            var r = new java.util.SplittableRandom(1);
            for (int k = 0; k < 500; k++) {
                negatives.add(corpus.sample(lang, ChatCorpus.Polarity.NEGATIVE, r));
            }
        }
        for (var it = sim.events(); it.hasNext(); ) {
            if (it.next() instanceof ChatMessage c) {
                boolean burst = truth.bursts().stream().anyMatch(b -> b.covers(c.getRoomId(), c.getEventTimeMs()));
                boolean negative = negatives.contains(c.getText());
                if (burst) {
                    inBurst++;
                    negativeInBurst += negative ? 1 : 0;
                } else {
                    outside++;
                    negativeOutside += negative ? 1 : 0;
                }
            }
        }
        System.out.printf("burst chats=%d negative=%d; outside=%d negative=%d%n", inBurst, negativeInBurst, outside, negativeOutside);
        assertThat(inBurst).isGreaterThan(20);
        assertThat(negativeInBurst / (double) inBurst).isGreaterThan(0.7);
        assertThat(negativeOutside / (double) outside).isBetween(0.1, 0.2);

        truth.write(dir.resolve("ground-truth.json"));
        String json = Files.readString(dir.resolve("ground-truth.json"));
        assertThat(json).contains("\"lambda1\" : 14.0", "\"alpha2\" : 0.5", truth.bursts().get(0).roomId(),
                "\"tasteCommunities\" : 64", "\"tasteShare\" : 0.6");
    }

    @Test
    void aBurstLeavesItsRoomABaselineAsLongAsItselfBeforeIt() {
        var config = SimulationConfig.demo(42).withBurstsPerDay(40).withBurstDuration(java.time.Duration.ofMinutes(90));
        var sim = new PlatformSimulator(config);
        var rooms = sim.roomsOfDay(0);
        var bursts = sim.burstsOfDay(0, rooms);
        assertThat(bursts).hasSize(40);
        int withBaseline = 0;
        for (var burst : bursts) {
            var room = rooms.stream().filter(r -> r.roomId().equals(burst.roomId())).findFirst().orElseThrow();
            long lead = burst.startMs() - room.startMs();
            // a room too short for a lead and the burst gets the burst from its start instead
            assertThat(lead == 0 || lead >= 90 * 60_000L).as("lead %d ms in room %s", lead, room.roomId()).isTrue();
            assertThat(burst.endMs()).isLessThanOrEqualTo(room.endMs());
            withBaseline += lead > 0 ? 1 : 0;
        }
        assertThat(withBaseline).isGreaterThan(10);
    }

    @Test
    void writesTheLiveRecFormat(@TempDir Path dir) throws Exception {
        var sim = new PlatformSimulator(SimulationConfig.tiny(4));
        long rows = sim.writeLiveRecLog(dir.resolve("100k.csv"));
        var lines = Files.readAllLines(dir.resolve("100k.csv"));
        assertThat(lines).hasSize((int) rows).isNotEmpty();
        assertThat(lines).allMatch(l -> l.matches("\\d+,\\d+,streamer_\\d+,\\d+,\\d+"));
        assertThat(lines).allMatch(l -> {
            String[] f = l.split(",");
            return Long.parseLong(f[4]) > Long.parseLong(f[3]) && Long.parseLong(f[3]) < 144;
        });
    }

    @Test
    void readsTheRealCorpora() {
        var corpus = ChatCorpus.load(SHARED_DATA);
        assertThat(corpus.size("zh", ChatCorpus.Polarity.NEGATIVE)).isGreaterThan(1_000);
        assertThat(corpus.size("en", ChatCorpus.Polarity.NEGATIVE)).isGreaterThan(300);
        assertThat(corpus.description()).contains("corpora");
    }

    @Test
    void refusesABadConfigWithEveryProblem() {
        var ok = SimulationConfig.tiny(1);
        assertThatThrownBy(() -> new SimulationConfig(1, 0, 10, 0, ok.start(), 1.0, 1.0, 0.5, 0.5,
                ok.heartbeatInterval(), ok.coefficients(), 0.01, 1, ok.burstDuration(), ok.corpusDir(), 0.5, 0, 1.5))
                .hasMessageContaining("users must be >= 1").hasMessageContaining("days must be >= 1")
                .hasMessageContaining("tasteCommunities must be >= 1").hasMessageContaining("tasteShare must be in [0, 1]");
    }
}
