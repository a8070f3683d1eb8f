package io.livepulse.notebooks;

import io.livepulse.models.features.RoomWindowMetrics;
import io.livepulse.models.formula.SeedModel;
import io.livepulse.models.sentiment.NegativeSpikeRule;
import io.livepulse.schemas.feature.FitModel;
import io.livepulse.schemas.feature.ModelFit;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.RoomSentiment;
import io.livepulse.schemas.feature.SentimentAlert;
import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.schemas.feature.WatchSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes a small, seeded sample of every feature table with the seed's model planted in it, so notebooks and
 * their CI run without the streaming job. It is synthetic: each notebook says so when it shows this data.
 *
 * <p>Per user, a propensity {@code sigma ~ U(0.2, 2)}; per user and room a bitrate V, a bandwidth R, the gifts O
 * and then {@code I = alpha1*sigma + alpha2*O + eps'} and {@code W (minutes) = lambda1*T + lambda2*I + eps} with
 * {@code T = k*log2(V)/R} ({@link SeedModel}). The propensities are written to
 * {@code <data.dir>/simulation/sample-users.csv} ({@code userId,sigma}) because no feature table holds them.
 */
public final class SampleFeatureWriter {
    /** The parameters planted in the sample. */
    public record Truth(double k, double lambda1, double lambda2, double alpha1, double alpha2, double wNoiseSd,
            double iNoiseSd) {}

    /** What the default sample plants. */
    public static final Truth TRUTH = new Truth(1000, 6.0, 4.0, 1.5, 0.8, 1.5, 0.3);

    /** The first hour of the sample: 2026-11-24T16:00Z. */
    public static final long START_MS = Instant.parse("2026-11-24T16:00:00Z").toEpochMilli();

    static final String SIGMA_FILE = "sample-users.csv";
    private static final long MINUTE = 60_000L;
    private static final String[] CATEGORIES = {"gaming", "music", "shopping", "chatting"};

    private final Path dataDir;
    private final long seed;
    private final int users;
    private final int rooms;
    private final int hours;

    /**
     * @throws IllegalArgumentException unless users &gt;= 10, 2 &lt;= rooms &lt;= 99 and 1 &lt;= hours &lt;= 48
     */
    public SampleFeatureWriter(Path dataDir, long seed, int users, int rooms, int hours) {
        if (users < 10 || rooms < 2 || rooms > 99 || hours < 1 || hours > 48) {
            throw new IllegalArgumentException("need users >= 10, 2 <= rooms <= 99 and 1 <= hours <= 48; got users="
                    + users + " rooms=" + rooms + " hours=" + hours);
        }
        this.dataDir = dataDir;
        this.seed = seed;
        this.users = users;
        this.rooms = rooms;
        this.hours = hours;
    }

    /** The default sample: 400 users, 8 rooms, 6 hours, seed 42. */
    public static SampleFeatureWriter small(Path dataDir) {
        return new SampleFeatureWriter(dataDir, 42, 400, 8, 6);
    }

    /** Writes every table (replacing earlier sample files) and returns rows written per table. */
    public Map<String, Integer> write() {
        var random = new Random(seed);
        var sigmas = new double[users];
        for (int u = 0; u < users; u++) {
            sigmas[u] = 0.2 + 1.8 * random.nextDouble();
        }
        var features = userRoomFeatures(random, sigmas);
        var counts = new TreeMap<String, Integer>();
        counts.put(FeatureTables.USER_ROOM_FEATURES, writeTable(FeatureTables.USER_ROOM_FEATURES,
                UserRoomFeatures.getClassSchema(), features, UserRoomFeatures::getFirstEventTimeMs));
        counts.put(FeatureTables.WATCH_SESSIONS, writeTable(FeatureTables.WATCH_SESSIONS,
                WatchSession.getClassSchema(), features.stream().map(SampleFeatureWriter::session).toList(),
                WatchSession::getStartTimeMs));
        counts.put(FeatureTables.ROOM_METRICS, writeTable(FeatureTables.ROOM_METRICS, RoomMetrics.getClassSchema(),
                roomMetrics(random), RoomMetrics::getWindowStartMs));
        counts.put(FeatureTables.MODEL_FITS, writeTable(FeatureTables.MODEL_FITS, ModelFit.getClassSchema(),
                modelFits(features, sigmas), ModelFit::getEmittedTimeMs));
        counts.putAll(writeSentiment(random));
        writeSigmas(sigmas);
        return counts;
    }

    /** Writes only the sentiment tables ({@code room_sentiment}, {@code sentiment_alerts}) and returns their rows. */
    public Map<String, Integer> writeSentiment() {
        var random = new Random(seed);
        for (int u = 0; u < users; u++) {
            random.nextDouble();
        }
        return writeSentiment(random);
    }

    private Map<String, Integer> writeSentiment(Random random) {
        var counts = new TreeMap<String, Integer>();
        var sentiment = roomSentiment(random);
        counts.put(FeatureTables.ROOM_SENTIMENT, writeTable(FeatureTables.ROOM_SENTIMENT,
                RoomSentiment.getClassSchema(), sentiment, RoomSentiment::getWindowStartMs));
        counts.put(FeatureTables.SENTIMENT_ALERTS, writeTable(FeatureTables.SENTIMENT_ALERTS,
                SentimentAlert.getClassSchema(), alerts(sentiment), SentimentAlert::getWindowStartMs));
        return counts;
    }

    static String userId(int u) {
        return String.format(Locale.ROOT, "user-%04d", u);
    }

    static String roomId(int r) {
        return String.format(Locale.ROOT, "room-%02d", r + 1);
    }

    private List<UserRoomFeatures> userRoomFeatures(Random random, double[] sigmas) {
        var t = TRUTH;
        var out = new ArrayList<UserRoomFeatures>();
        double[] bitrates = {1500, 3000, 4500, 6000};
        for (int u = 0; u < users; u++) {
            int visits = 1 + random.nextInt(Math.min(4, rooms));
            int firstRoom = random.nextInt(rooms);
            for (int v = 0; v < visits; v++) {
                int room = (firstRoom + v * 3) % rooms;
                double bitrate = bitrates[random.nextInt(bitrates.length)];
                double bandwidth = 2500 * Math.exp(0.6 * random.nextGaussian());
                double transmission = SeedModel.transmissionTerm(t.k(), bitrate, bandwidth);
                long gifts = poisson(random, 0.3 + 0.4 * sigmas[u]);
                double interaction = Math.max(0, SeedModel.expectedInteraction(t.alpha1(), t.alpha2(), sigmas[u], gifts)
                        + t.iNoiseSd() * random.nextGaussian());
                // At least the floor of every rate (WatchSessions.MIN_RATE_WATCH_MS): the planted I is then what the
                // features report, interactions / max(W, 1 minute).
                double minutes = Math.max(1.0, SeedModel.expectedWatchTime(t.lambda1(), t.lambda2(), transmission,
                        interaction) + t.wNoiseSd() * random.nextGaussian());
                long first = START_MS + (long) (random.nextDouble() * (hours * 60 - minutes) * MINUTE);
                long watchMs = Math.round(minutes * MINUTE);
                out.add(UserRoomFeatures.newBuilder()
                        .setUserId(userId(u))
                        .setRoomId(roomId(room))
                        .setWatchTimeMs(watchMs)
                        .setSessions(1)
                        .setInteractions(Math.round(interaction * minutes))
                        .setInteractionsPerMinute(interaction)
                        .setGiftCount(gifts)
                        .setGiftValueMinor(gifts * (100 + 100L * random.nextInt(10)))
                        .setTransmissionTerm(transmission)
                        .setMeanBitrateKbps(bitrate)
                        .setMeanBandwidthKbps(bandwidth)
                        .setFirstEventTimeMs(Math.max(START_MS, first))
                        .setLastEventTimeMs(Math.max(START_MS, first) + watchMs)
                        .build());
            }
        }
        return out;
    }

    /** The sample has one session per user and room. */
    private static WatchSession session(UserRoomFeatures f) {
        return WatchSession.newBuilder()
                .setUserId(f.getUserId())
                .setRoomId(f.getRoomId())
                .setStartTimeMs(f.getFirstEventTimeMs())
                .setEndTimeMs(f.getLastEventTimeMs())
                .setWatchTimeMs(f.getWatchTimeMs())
                .setHeartbeats((int) (f.getWatchTimeMs() / MINUTE))
                .setTransmissionTerm(f.getTransmissionTerm())
                .setMeanBitrateKbps(f.getMeanBitrateKbps())
                .setMeanBandwidthKbps(f.getMeanBandwidthKbps())
                .setInteractions(f.getInteractions())
                .setInteractionsPerMinute(f.getInteractionsPerMinute())
                .setGiftCount(f.getGiftCount())
                .setGiftValueMinor(f.getGiftValueMinor())
                .setChatMessages(f.getInteractions())
                .build();
    }

    private List<RoomMetrics> roomMetrics(Random random) {
        var out = new ArrayList<RoomMetrics>();
        long window = 5 * MINUTE;
        for (int r = 0; r < rooms; r++) {
            double size = 40 + 160 * random.nextDouble();
            double peak = random.nextDouble() * hours;
            for (long start = START_MS; start < START_MS + hours * 60 * MINUTE; start += window) {
                double h = (start - START_MS) / (60.0 * MINUTE);
                double shape = 0.3 + Math.exp(-Math.pow(h - peak, 2) / 2.0);
                int ccu = (int) Math.max(0, Math.round(size * shape + 5 * random.nextGaussian()));
                long impressions = Math.round(ccu * 0.4);
                long clicks = Math.round(impressions * (0.02 + 0.02 * random.nextDouble()));
                long productClicks = Math.round(ccu * 0.1);
                long orders = Math.round(productClicks * 0.15 * random.nextDouble());
                out.add(RoomMetrics.newBuilder()
                        .setRoomId(roomId(r))
                        .setWindowStartMs(start)
                        .setWindowEndMs(start + window)
                        .setConcurrentViewers(ccu)
                        .setNewViewers((int) Math.round(ccu * 0.1 * random.nextDouble()))
                        .setAvgWatchTimeMs(20 * MINUTE * (0.5 + random.nextDouble()))
                        .setAvgInteractionsPerMinute(1 + random.nextDouble())
                        .setInteractions(Math.round(ccu * (1 + random.nextDouble()) * 5))
                        .setGiftRevenueMinor(Math.round(ccu * 20 * random.nextDouble()))
                        .setOrderRevenueMinor(orders * 4_900)
                        .setNewSubscriptions((int) Math.round(ccu * 0.01 * random.nextDouble()))
                        .setAdImpressions(impressions)
                        .setAdClicks(clicks)
                        .setCtr(RoomWindowMetrics.rate(clicks, impressions))
                        .setProductClicks(productClicks)
                        .setOrders(orders)
                        .setConversion(RoomWindowMetrics.rate(orders, productClicks))
                        .setTrendingScore(random.nextGaussian())
                        .setCategory(CATEGORIES[r % CATEGORIES.length])
                        .build());
            }
        }
        return out;
    }

    /** What an online fit would have emitted every 30 minutes: the batch fit over the rows seen so far. */
    private List<ModelFit> modelFits(List<UserRoomFeatures> features, double[] sigmas) {
        var out = new ArrayList<ModelFit>();
        for (long at = START_MS + 30 * MINUTE; at <= START_MS + hours * 60 * MINUTE; at += 30 * MINUTE) {
            long cut = at;
            var seen = features.stream().filter(f -> f.getLastEventTimeMs() <= cut).toList();
            if (seen.size() < 10) {
                continue;
            }
            double[] w = seen.stream().mapToDouble(f -> f.getWatchTimeMs() / (double) MINUTE).toArray();
            double[] tt = seen.stream().mapToDouble(UserRoomFeatures::getTransmissionTerm).toArray();
            double[] i = seen.stream().mapToDouble(UserRoomFeatures::getInteractionsPerMinute).toArray();
            double[] s = seen.stream().mapToDouble(f -> sigmas[Integer.parseInt(f.getUserId().substring(5))]).toArray();
            double[] o = seen.stream().mapToDouble(UserRoomFeatures::getGiftCount).toArray();
            out.add(fit(FitModel.WATCH_TIME, LeastSquares.fit(w, tt, i), at));
            out.add(fit(FitModel.INTERACTION, LeastSquares.fit(i, s, o), at));
        }
        return out;
    }

    private static ModelFit fit(FitModel model, LinearFit fit, long at) {
        return ModelFit.newBuilder()
                .setModel(model)
                .setScope("global")
                .setCoefficients(List.of(fit.coefficient(0), fit.coefficient(1)))
                .setStandardErrors(List.of(fit.standardErrors()[0], fit.standardErrors()[1]))
                .setRSquared(fit.rSquared())
                .setObservations(fit.observations())
                .setEmittedTimeMs(at)
                .build();
    }

    private List<RoomSentiment> roomSentiment(Random random) {
        var out = new ArrayList<RoomSentiment>();
        int incidentRoom = Math.min(2, rooms - 1);
        long incidentStart = START_MS + (hours * 60 / 2) * MINUTE;
        for (int r = 0; r < rooms; r++) {
            double base = 0.08 + 0.06 * random.nextDouble();
            for (long start = START_MS; start < START_MS + hours * 60 * MINUTE; start += MINUTE) {
                boolean incident = r == incidentRoom && start >= incidentStart && start < incidentStart + 12 * MINUTE;
                double p = incident ? 0.55 : base;
                int messages = 20 + random.nextInt(40);
                int negative = 0;
                for (int m = 0; m < messages; m++) {
                    negative += random.nextDouble() < p ? 1 : 0;
                }
                out.add(RoomSentiment.newBuilder()
                        .setRoomId(roomId(r))
                        .setWindowStartMs(start)
                        .setWindowEndMs(start + MINUTE)
                        .setMessages(messages)
                        .setNegativeMessages(negative)
                        .setNegativeShare((double) negative / messages)
                        .setMeanScore(1 - 2.0 * negative / messages)
                        .setTopNegativeTerms(incident ? List.of("lag", "scam", "refund") : List.of("lag"))
                        .build());
            }
        }
        return out;
    }

    /** The alerts the streaming job's rule ({@link NegativeSpikeRule#defaults()}) raises on these minutes. */
    private static List<SentimentAlert> alerts(List<RoomSentiment> sentiment) {
        var rule = NegativeSpikeRule.defaults();
        var out = new ArrayList<SentimentAlert>();
        var baselines = new TreeMap<String, NegativeSpikeRule.Baseline>();
        for (var s : sentiment) {
            var decision = rule.evaluate(baselines.getOrDefault(s.getRoomId(), NegativeSpikeRule.Baseline.EMPTY),
                    s.getWindowStartMs(), s.getMessages(), s.getNegativeMessages());
            baselines.put(s.getRoomId(), decision.next());
            if (decision.alert()) {
                out.add(SentimentAlert.newBuilder()
                        .setAlertId(s.getRoomId() + "@" + s.getWindowStartMs())
                        .setRoomId(s.getRoomId())
                        .setWindowStartMs(s.getWindowStartMs())
                        .setWindowEndMs(s.getWindowEndMs())
                        .setMessages(s.getMessages())
                        .setNegativeMessages(s.getNegativeMessages())
                        .setNegativeShare(s.getNegativeShare())
                        .setBaselineShare(decision.baselineShare())
                        .setZScore(decision.zScore())
                        .setTopNegativeTerms(s.getTopNegativeTerms())
                        .setSampleMessages(List.of("this stream is a scam", "refund my gifts"))
                        .setRaisedTimeMs(s.getWindowEndMs())
                        .build());
            }
        }
        return out;
    }

    private <T extends SpecificRecord> int writeTable(String table, Schema schema, List<T> rows,
            ToLongFunction<T> timeMs) {
        return ParquetTableWriter.write(dataDir, table, schema, rows, timeMs);
    }

    private void writeSigmas(double[] sigmas) {
        var lines = new ArrayList<String>();
        lines.add("userId,sigma");
        for (int u = 0; u < sigmas.length; u++) {
            lines.add(userId(u) + "," + sigmas[u]);
        }
        Path file = dataDir.resolve("simulation").resolve(SIGMA_FILE);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static long poisson(Random random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        long n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }
}
