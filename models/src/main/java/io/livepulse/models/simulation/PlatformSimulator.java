package io.livepulse.models.simulation;

import io.livepulse.models.formula.SeedModel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.avro.specific.SpecificRecord;

/**
 * A seeded model of a live-streaming platform that emits every kind of LivePulse event in event-time order.
 *
 * <pre>{@code
 * var sim = new PlatformSimulator(SimulationConfig.tiny(42).withCorpusDir(sharedData));
 * sim.events().forEachRemaining(event -> ...);   // SpecificRecords, time-ordered, reproducible
 * sim.groundTruth().write(dir.resolve("ground-truth.json"));
 * sim.writeLiveRecLog(dir.resolve("100k.csv"));   // user,stream id,streamer,start step,stop step
 * }</pre>
 *
 * <p>The model: streamers of Zipf popularity go live on some days at their usual hour for 2 to 6 hours
 * (room STARTED/ENDED events); viewers, of log-normal activity, start sessions at a rate that follows
 * {@link DiurnalLoad}, return to a live streamer they watched before with {@code repeatProbability}, else pick
 * a live room: with {@code tasteShare} from one of their two taste communities (category, language, theme;
 * see {@link TasteCommunity}) by popularity within it, otherwise from all live rooms by popularity. Each
 * session draws V and R, then T, O, I and W from the seed model (see {@link PlantedCoefficients}), and emits
 * join, heartbeats and leave, chat or danmaku (I per 10 minutes), likes (sigma per 10 minutes), gifts (O),
 * follows, shares, ad impressions and clicks, product clicks, orders and subscriptions. Planted
 * negative-sentiment bursts make a room's chat busier and negative.
 *
 * <p>Each call of {@link #events()} or {@link #sessions()} starts over and returns the same sequence.
 */
public final class PlatformSimulator {
    /** The LiveRec step: 10 minutes. */
    public static final long STEP_MS = 600_000L;
    static final int STEPS_PER_DAY = 144;
    private static final long DAY_MS = 86_400_000L;
    private static final long DOMAIN_USER = 1;
    private static final long DOMAIN_STREAMER = 2;
    private static final long DOMAIN_DAY = 3;
    private static final long DOMAIN_STEP = 4;
    private static final long DOMAIN_BURST = 5;
    private static final long DOMAIN_TASTE = 6;
    /** Chance that a taste-driven pick looks in the viewer's first community rather than the second. */
    static final double PRIMARY_COMMUNITY_WEIGHT = 0.7;
    /** Chance that a viewer's community is one in the viewer's own language. */
    static final double OWN_LANGUAGE_COMMUNITY = 0.9;

    private final SimulationConfig config;
    private final ChatCorpus corpus;
    private final double[] userActivityCumulative;
    private final double[] userSigma;
    private final double[] userGiftRate;
    private final double[] userBandwidthKbps;
    private final boolean[] userChinese;
    private final double[] streamerWeight;
    private final double[] streamerHour;
    private final int[] streamerCommunity;
    private final int[] userPrimaryCommunity;
    private final int[] userSecondaryCommunity;

    public PlatformSimulator(SimulationConfig config) {
        this.config = config;
        this.corpus = config.corpusDir().map(ChatCorpus::load).orElseGet(ChatCorpus::builtIn);
        int users = config.users();
        userActivityCumulative = new double[users];
        userSigma = new double[users];
        userGiftRate = new double[users];
        userBandwidthKbps = new double[users];
        userChinese = new boolean[users];
        double sum = 0;
        for (int u = 0; u < users; u++) {
            var r = Draws.stream(config.seed(), DOMAIN_USER, u);
            sum += Draws.logNormalMeanOne(r, 1.0);
            userActivityCumulative[u] = sum;
            userSigma[u] = Draws.logNormalMeanOne(r, 0.6);
            userGiftRate[u] = 0.15 * Draws.logNormalMeanOne(r, 1.2);
            userBandwidthKbps[u] = 8_000.0 * Math.exp(0.5 * r.nextGaussian());
            userChinese[u] = r.nextDouble() < config.chineseShare();
        }
        streamerWeight = new double[config.streamers()];
        streamerHour = new double[config.streamers()];
        for (int s = 0; s < config.streamers(); s++) {
            streamerWeight[s] = Math.pow(s + 1, -config.popularityExponent());
            streamerHour[s] = preferredStartHour(Draws.stream(config.seed(), DOMAIN_STREAMER, s));
        }
        streamerCommunity = new int[config.streamers()];
        double[] mass = new double[config.tasteCommunities()];
        for (int s = 0; s < config.streamers(); s++) {
            streamerCommunity[s] = Draws.stream(config.seed(), DOMAIN_TASTE, -1L - s)
                    .nextInt(config.tasteCommunities());
            mass[streamerCommunity[s]] += streamerWeight[s];
        }
        double[] massCumulative = new double[mass.length];
        double total = 0;
        for (int c = 0; c < mass.length; c++) {
            total += mass[c];
            massCumulative[c] = total;
        }
        userPrimaryCommunity = new int[users];
        userSecondaryCommunity = new int[users];
        for (int u = 0; u < users; u++) {
            var r = Draws.stream(config.seed(), DOMAIN_TASTE, u);
            userPrimaryCommunity[u] = community(massCumulative, userChinese[u], -1, r);
            userSecondaryCommunity[u] = community(massCumulative, userChinese[u], userPrimaryCommunity[u], r);
        }
    }

    /**
     * A community drawn by its streamers' total popularity, in the viewer's language with probability
     * {@link #OWN_LANGUAGE_COMMUNITY}, other than {@code not} when there is a choice.
     */
    private static int community(double[] massCumulative, boolean chinese, int not, SplittableRandom r) {
        boolean ownLanguage = r.nextDouble() < OWN_LANGUAGE_COMMUNITY;
        int c = Draws.pick(massCumulative, massCumulative.length, r);
        for (int attempt = 0; attempt < 50; attempt++) {
            if (c != not && (!ownLanguage || TasteCommunity.of(c).chinese() == chinese)) {
                return c;
            }
            c = Draws.pick(massCumulative, massCumulative.length, r);
        }
        return c;
    }

    /** The taste community of a streamer, in {@code [0, tasteCommunities)}. */
    int communityOfStreamer(int streamerIndex) {
        return streamerCommunity[streamerIndex];
    }

    /** The two communities a viewer prefers: the first is searched with probability 0.7. */
    int[] communitiesOfUser(int userIndex) {
        return new int[] {userPrimaryCommunity[userIndex], userSecondaryCommunity[userIndex]};
    }

    public SimulationConfig config() {
        return config;
    }

    public ChatCorpus corpus() {
        return corpus;
    }

    /** Streamer names: {@code streamer_1} is the most popular. */
    public static String streamerId(int streamerIndex) {
        return "streamer_" + (streamerIndex + 1);
    }

    /** Viewer ids: {@code "1"} to {@code "<users>"}, numbers as in the LiveRec log. */
    public static String userId(int userIndex) {
        return Integer.toString(userIndex + 1);
    }

    /** Every event, in event-time order (ties: room start first, room end last). */
    public Iterator<SpecificRecord> events() {
        return new EventIterator();
    }

    public Stream<SpecificRecord> eventStream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(events(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** Every viewing session, in join order. */
    public Iterator<ViewingSession> sessions() {
        return new SessionIterator();
    }

    /** The streams of day {@code day} (0-based), by start time. */
    public List<Room> roomsOfDay(int day) {
        var rooms = new ArrayList<Room>();
        long dayStart = config.start().toEpochMilli() + day * DAY_MS;
        for (int s = 0; s < config.streamers(); s++) {
            var r = Draws.stream(config.seed(), DOMAIN_DAY, (long) day * config.streamers() + s);
            if (r.nextDouble() >= liveProbability(s)) {
                continue;
            }
            double hour = streamerHour[s] + r.nextDouble() * 2 - 1;
            long start = dayStart + Math.max(0, (long) (hour * 3_600_000L)) + r.nextInt(60) * 1000L;
            long end = start + 7_200_000L + (long) (r.nextDouble() * 14_400_000L);
            var community = TasteCommunity.of(streamerCommunity[s]);
            rooms.add(new Room(40_000_000_000L + (long) day * config.streamers() + s, s, streamerId(s), start, end,
                    community.category(), community.title(day + s), community.language(), community.tags()));
        }
        rooms.sort((a, b) -> Long.compare(a.startMs(), b.startMs()));
        return rooms;
    }

    /** Popular streamers stream on more days: up to three times the configured chance, at most 95 %. */
    private double liveProbability(int streamer) {
        return Math.min(0.95, config.liveProbabilityPerDay() * (1 + 2 * Math.pow(streamerWeight[streamer], 0.3)));
    }

    /** The bursts planted in day {@code day}'s rooms, chosen by popularity so that they have an audience. */
    public List<SentimentBurst> burstsOfDay(int day, List<Room> rooms) {
        if (rooms.isEmpty() || config.burstsPerDay() == 0) {
            return List.of();
        }
        var r = Draws.stream(config.seed(), DOMAIN_BURST, day);
        double[] cumulative = new double[rooms.size()];
        double sum = 0;
        for (int i = 0; i < rooms.size(); i++) {
            sum += streamerWeight[rooms.get(i).streamerIndex()];
            cumulative[i] = sum;
        }
        var bursts = new ArrayList<SentimentBurst>();
        long duration = config.burstDuration().toMillis();
        // the room's chat needs a normal stretch first, for a baseline to spike against: 30 minutes, or as long as
        // the burst when bursts are longer (the live demo's, which span hours of its fast-forwarded day)
        long lead = Math.max(1_800_000L, duration);
        for (int b = 0; b < config.burstsPerDay(); b++) {
            Room room = rooms.get(Draws.pick(cumulative, rooms.size(), r));
            long latestStart = Math.max(room.startMs(), room.endMs() - duration);
            long start = room.startMs() + lead > latestStart ? room.startMs()
                    : room.startMs() + lead + (long) (r.nextDouble() * (latestStart - room.startMs() - lead));
            bursts.add(new SentimentBurst(room.roomId(), room.streamerId(), start, Math.min(room.endMs(), start + duration),
                    0.85, SessionEvents.BASELINE_NEGATIVE_SHARE, 4.0));
        }
        return bursts;
    }

    /** The planted truth: coefficients and every burst. */
    public GroundTruth groundTruth() {
        var bursts = new ArrayList<SentimentBurst>();
        for (int d = 0; d < config.days(); d++) {
            bursts.addAll(burstsOfDay(d, roomsOfDay(d)));
        }
        return new GroundTruth(config, corpus.description(), bursts);
    }

    /**
     * Writes the sessions in the LiveRec {@code 100k.csv} format: {@code user,stream id,streamer,start step,stop
     * step}, no header, steps of 10 minutes from the simulation start, {@code stop = start + max(1,
     * round(minutes watched / 10))}. Written to a temporary file, then renamed.
     *
     * @return the number of rows
     */
    public long writeLiveRecLog(Path file) {
        return writeLiveRecLog(file, rows -> { });
    }

    /** As {@link #writeLiveRecLog(Path)}, calling {@code progress} with the rows written every 100,000 rows. */
    public long writeLiveRecLog(Path file, java.util.function.LongConsumer progress) {
        long rows = 0;
        long origin = config.start().toEpochMilli();
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (var it = sessions(); it.hasNext(); ) {
                    ViewingSession s = it.next();
                    long start = (s.joinMs() - origin) / STEP_MS;
                    long stop = start + Math.max(1, Math.round(s.watchMinutes() / 10.0));
                    out.write(s.userId() + "," + s.room().streamId() + "," + s.room().streamerId() + "," + start
                            + "," + stop + "\n");
                    rows++;
                    if (rows % 100_000 == 0) {
                        progress.accept(rows);
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write LiveRec log " + file, e);
        }
        return rows;
    }

    private static double preferredStartHour(SplittableRandom r) {
        while (true) {
            double hour = r.nextDouble() * 24;
            if (r.nextDouble() * 1.7 < DiurnalLoad.relativeLoad(hour + 2.5)) {
                return Math.min(hour, 21.5);
            }
        }
    }

    /** Generates sessions step by step; the state behind both iterators. */
    private final class SessionGenerator {
        private final int totalSteps = config.days() * STEPS_PER_DAY;
        private final long origin = config.start().toEpochMilli();
        private final int[][] history = new int[config.users()][];
        private final int[] historySize = new int[config.users()];
        private final long[] busyUntilMs = new long[config.users()];
        private final int[] liveRoomOfStreamer = new int[config.streamers()];
        private final List<Room> activeRooms = new ArrayList<>();
        private List<SentimentBurst> activeBursts = new ArrayList<>();
        private List<Room> newRooms = List.of();
        private int step;
        private long serial;

        boolean hasNextStep() {
            return step < totalSteps;
        }

        /** Sessions that start in the next step; also loads the day's rooms on its first step. */
        List<ViewingSession> nextStep() {
            long stepStart = origin + step * STEP_MS;
            newRooms = List.of();
            if (step % STEPS_PER_DAY == 0) {
                int day = step / STEPS_PER_DAY;
                newRooms = roomsOfDay(day);
                activeRooms.removeIf(room -> room.endMs() <= stepStart);
                activeRooms.addAll(newRooms);
                activeBursts.removeIf(b -> b.endMs() <= stepStart);
                activeBursts = new ArrayList<>(activeBursts);
                activeBursts.addAll(burstsOfDay(day, newRooms));
            }
            var live = new ArrayList<Room>();
            Arrays.fill(liveRoomOfStreamer, -1);
            for (Room room : activeRooms) {
                if (room.liveThroughout(stepStart, stepStart + STEP_MS)) {
                    liveRoomOfStreamer[room.streamerIndex()] = live.size();
                    live.add(room);
                }
            }
            var r = Draws.stream(config.seed(), DOMAIN_STEP, step);
            step++;
            if (live.isEmpty()) {
                return List.of();
            }
            double[] cumulative = new double[live.size()];
            double sum = 0;
            for (int i = 0; i < live.size(); i++) {
                sum += streamerWeight[live.get(i).streamerIndex()];
                cumulative[i] = sum;
            }
            var byCommunity = new LiveByCommunity(live);
            double hour = ((stepStart - origin) % DAY_MS) / 3_600_000.0;
            double mean = config.users() * config.sessionsPerUserPerDay() / STEPS_PER_DAY * DiurnalLoad.relativeLoad(hour);
            int count = Draws.poisson(r, mean);
            var sessions = new ArrayList<ViewingSession>(count);
            int[] candidates = new int[16];
            for (int i = 0; i < count; i++) {
                int user = Draws.pick(userActivityCumulative, userActivityCumulative.length, r);
                long join = stepStart + (long) (r.nextDouble() * STEP_MS);
                if (busyUntilMs[user] > join) {
                    continue;
                }
                Room room = null;
                if (historySize[user] > 0 && r.nextDouble() < config.repeatProbability()) {
                    int n = 0;
                    for (int h = 0; h < historySize[user]; h++) {
                        if (liveRoomOfStreamer[history[user][h]] >= 0) {
                            if (n == candidates.length) {
                                candidates = Arrays.copyOf(candidates, n * 2);
                            }
                            candidates[n++] = history[user][h];
                        }
                    }
                    if (n > 0) {
                        room = live.get(liveRoomOfStreamer[candidates[r.nextInt(n)]]);
                    }
                }
                if (room == null && r.nextDouble() < config.tasteShare()) {
                    boolean primary = r.nextDouble() < PRIMARY_COMMUNITY_WEIGHT;
                    int first = primary ? userPrimaryCommunity[user] : userSecondaryCommunity[user];
                    int second = primary ? userSecondaryCommunity[user] : userPrimaryCommunity[user];
                    int index = byCommunity.pick(first, r);
                    if (index < 0) {
                        index = byCommunity.pick(second, r);
                    }
                    room = index < 0 ? null : live.get(index);
                }
                if (room == null) {
                    room = live.get(Draws.pick(cumulative, live.size(), r));
                }
                boolean repeat = watched(user, room.streamerIndex());
                remember(user, room.streamerIndex());
                ViewingSession session = session(serial++, user, room, join, repeat);
                busyUntilMs[user] = session.leaveMs() + 1;
                sessions.add(session);
            }
            sessions.sort((a, b) -> Long.compare(a.joinMs(), b.joinMs()));
            return sessions;
        }

        List<Room> roomsStartedThisDay() {
            return newRooms;
        }

        List<SentimentBurst> bursts() {
            return activeBursts;
        }

        private boolean watched(int user, int streamer) {
            for (int h = 0; h < historySize[user]; h++) {
                if (history[user][h] == streamer) {
                    return true;
                }
            }
            return false;
        }

        private void remember(int user, int streamer) {
            if (history[user] == null) {
                history[user] = new int[4];
            } else if (historySize[user] == history[user].length) {
                history[user] = Arrays.copyOf(history[user], historySize[user] * 2);
            }
            history[user][historySize[user]++] = streamer;
        }

        private ViewingSession session(long serialNumber, int user, Room room, long join, boolean repeat) {
            var r = Draws.stream(config.seed(), DOMAIN_STEP ^ 0x5E55_1011L, serialNumber);
            PlantedCoefficients c = config.coefficients();
            double bandwidth = Math.max(300.0, userBandwidthKbps[user] * Math.exp(0.2 * r.nextGaussian()));
            double bitrate = bitrateFor(bandwidth, r);
            double t = SeedModel.transmissionTerm(c.k(), bitrate, bandwidth);
            int gifts = 0;
            int giftEvents = Draws.poisson(r, userGiftRate[user]);
            for (int g = 0; g < giftEvents; g++) {
                double u = r.nextDouble();
                gifts += u < 0.7 ? 1 : u < 0.95 ? 2 + r.nextInt(4) : 10;
            }
            double sigma = userSigma[user];
            double interaction = Math.max(0, SeedModel.expectedInteraction(c.alpha1(), c.alpha2(), sigma, gifts)
                    + c.interactionNoiseSd() * r.nextGaussian());
            double watch = Math.max(1.0, SeedModel.expectedWatchTime(c.lambda1(), c.lambda2(), t, interaction)
                    + c.watchNoiseSd() * r.nextGaussian());
            long leave = Math.min(room.endMs(), join + Math.round(watch * 60_000));
            return new ViewingSession(serialNumber, user, userId(user), userChinese[user] ? "zh" : "en", room, join, leave, watch, bitrate, bandwidth, t,
                    sigma, gifts, interaction, repeat);
        }
    }

    /** The rooms live in one step grouped by taste community, with popularity weights within each. */
    private final class LiveByCommunity {
        private final int[] offsets = new int[config.tasteCommunities() + 1];
        private final int[] rooms;
        private final double[] cumulative;

        LiveByCommunity(List<Room> live) {
            rooms = new int[live.size()];
            cumulative = new double[live.size()];
            for (Room room : live) {
                offsets[streamerCommunity[room.streamerIndex()] + 1]++;
            }
            for (int c = 0; c < config.tasteCommunities(); c++) {
                offsets[c + 1] += offsets[c];
            }
            int[] next = Arrays.copyOf(offsets, offsets.length - 1);
            for (int i = 0; i < live.size(); i++) {
                rooms[next[streamerCommunity[live.get(i).streamerIndex()]]++] = i;
            }
            double sum = 0;
            for (int j = 0; j < rooms.length; j++) {
                sum += streamerWeight[live.get(rooms[j]).streamerIndex()];
                cumulative[j] = sum;
            }
        }

        /** A live room of community {@code c} by popularity (index into the live list), or -1 if none is live. */
        int pick(int c, SplittableRandom r) {
            int from = offsets[c];
            int to = offsets[c + 1];
            if (from == to) {
                return -1;
            }
            double base = from == 0 ? 0 : cumulative[from - 1];
            double target = base + r.nextDouble() * (cumulative[to - 1] - base);
            int lo = from;
            int hi = to - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] > target) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return rooms[lo];
        }
    }

    /** Adaptive bitrate: usually the highest rung under 80 % of the bandwidth, sometimes another one. */
    private static double bitrateFor(double bandwidthKbps, SplittableRandom r) {
        double[] ladder = {800, 1_500, 3_000, 6_000, 8_000};
        if (r.nextDouble() < 0.3) {
            return ladder[r.nextInt(ladder.length)];
        }
        double chosen = ladder[0];
        for (double rung : ladder) {
            if (rung <= 0.8 * bandwidthKbps) {
                chosen = rung;
            }
        }
        return chosen;
    }

    private final class SessionIterator implements Iterator<ViewingSession> {
        private final SessionGenerator generator = new SessionGenerator();
        private Iterator<ViewingSession> current = List.<ViewingSession>of().iterator();

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && generator.hasNextStep()) {
                current = generator.nextStep().iterator();
            }
            return current.hasNext();
        }

        @Override
        public ViewingSession next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }
    }

    private record Pending(long timeMs, int order, long sequence, SpecificRecord event) {}

    private final class EventIterator implements Iterator<SpecificRecord> {
        private final SessionGenerator generator = new SessionGenerator();
        private final SessionEvents expander = new SessionEvents(config, corpus);
        private final PriorityQueue<Pending> queue = new PriorityQueue<>((a, b) -> a.timeMs != b.timeMs
                ? Long.compare(a.timeMs, b.timeMs)
                : a.order != b.order ? Integer.compare(a.order, b.order) : Long.compare(a.sequence, b.sequence));
        private long sequence;
        private long releasedBeforeMs = Long.MIN_VALUE;

        @Override
        public boolean hasNext() {
            while ((queue.isEmpty() || queue.peek().timeMs >= releasedBeforeMs) && generator.hasNextStep()) {
                long stepStart = config.start().toEpochMilli() + generator.step * STEP_MS;
                List<ViewingSession> sessions = generator.nextStep();
                for (Room room : generator.roomsStartedThisDay()) {
                    for (SpecificRecord e : expander.roomEvents(room)) {
                        enqueue(e, SessionEvents.order(e));
                    }
                }
                for (ViewingSession s : sessions) {
                    for (SpecificRecord e : expander.events(s, generator.bursts())) {
                        enqueue(e, 1);
                    }
                }
                releasedBeforeMs = stepStart + STEP_MS;
            }
            if (!generator.hasNextStep()) {
                releasedBeforeMs = Long.MAX_VALUE;
            }
            return !queue.isEmpty();
        }

        @Override
        public SpecificRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return queue.poll().event;
        }

        private void enqueue(SpecificRecord event, int order) {
            queue.add(new Pending(SessionEvents.timeOf(event), order, sequence++, event));
        }
    }
}
