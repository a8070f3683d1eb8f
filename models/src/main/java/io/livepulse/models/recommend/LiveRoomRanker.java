package io.livepulse.models.recommend;

import io.livepulse.models.recommend.RankedRoom.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one live-room ranker: serving answers with it and the offline evaluation measures it, so the figures in
 * {@code docs/evaluation.md} describe what is served.
 *
 * <p>A room's score is {@code base + repeatWeight * repeat}:
 *
 * <ul>
 *   <li><b>repeat</b> is the user's visits to the room's streamer plus a recency term below 1 (the most recently
 *       watched streamer highest), 0 for streamers they never watched;
 *   <li><b>base</b> is the model's score ({@link StreamerModel}); a room whose streamer the model cannot score gets
 *       the lowest model score of the query, so it never outranks a scored one on the model's part alone;
 *   <li>when there is no model, or it knows nothing of the user, and content is on, base is the text similarity
 *       of the room to the user's streamers (cold start for users and rooms the model has not seen);
 *   <li>otherwise base is 0 and rooms are ordered by popularity.
 * </ul>
 *
 * Ties go to the more popular room, then to the smaller streamer id (numerically when both are numbers), then to
 * the smaller room id. Each streamer appears once, with its best room. Thread-safe.
 */
public final class LiveRoomRanker {
    private final String name;
    private final StreamerModel model;
    private final RankerParams params;
    private final ContentSimilarity content = new ContentSimilarity();

    /**
     * One ranking request.
     *
     * @param userId the user as the model knows them (a pseudonym in production)
     * @param history what the user watched, any order
     * @param candidates the rooms live now
     * @param streamerText the text of a streamer's room (title, tags, category) for content similarity; may answer
     *     null
     */
    public record Query(String userId, List<WatchedStreamer> history, List<LiveCandidate> candidates,
            Function<String, String> streamerText) {}

    /**
     * @param name how reports and the API name this ranker, e.g. {@code als-sessions+repeat}
     * @param model the trained model, or null for the model-free rankers (repeat, content, popularity)
     */
    public LiveRoomRanker(String name, StreamerModel model, RankerParams params) {
        this.name = name;
        this.model = model;
        this.params = params;
    }

    public String name() {
        return name;
    }

    public RankerParams params() {
        return params;
    }

    public Optional<StreamerModel> model() {
        return Optional.ofNullable(model);
    }

    /** The best {@code k} rooms, one per streamer, best first. */
    public List<RankedRoom> rank(Query query, int k) {
        return score(query).top(k);
    }

    /** Every candidate scored, for callers that need more than the top (the evaluation's full ranking). */
    public Scored score(Query query) {
        // one order of the history, so that sums over it come out the same bit for bit however it was gathered
        var history = new ArrayList<>(query.history());
        history.sort(Comparator.comparing(WatchedStreamer::streamerId, LiveRoomRanker::compareIds));
        var q = new Query(query.userId(), history, query.candidates(), query.streamerText());
        List<LiveCandidate> candidates = q.candidates();
        int n = candidates.size();
        String[] streamers = new String[n];
        for (int i = 0; i < n; i++) {
            streamers[i] = candidates.get(i).streamerId();
        }
        double[] repeat = repeatSignal(q.history(), streamers);
        double[] base = new double[n];
        Reason[] reasons = new Reason[n];
        boolean scored = model != null && model.score(q.userId(), q.history(), candidates, streamers, base);
        double lowest = Double.POSITIVE_INFINITY;
        if (scored) {
            for (double b : base) {
                if (Double.isFinite(b)) {
                    lowest = Math.min(lowest, b);
                }
            }
            scored = lowest != Double.POSITIVE_INFINITY;
        }
        boolean byContent = false;
        if (scored) {
            for (int i = 0; i < n; i++) {
                boolean known = Double.isFinite(base[i]);
                reasons[i] = known ? Reason.similar : Reason.popular;
                base[i] = known ? base[i] : lowest;
            }
        } else if (params.content() && !q.history().isEmpty()) {
            base = contentScores(q, candidates);
            byContent = true;
        } else {
            Arrays.fill(base, 0);
        }
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = base[i] + params.repeatWeight() * repeat[i];
            if (repeat[i] > 0) {
                reasons[i] = Reason.repeat;
            } else if (!scored) {
                reasons[i] = byContent && base[i] > 0 ? Reason.content : Reason.popular;
            }
        }
        return new Scored(candidates, scores, reasons);
    }

    private double[] contentScores(Query q, List<LiveCandidate> candidates) {
        var history = q.history();
        String[] profile = new String[history.size()];
        double[] weights = new double[history.size()];
        for (int h = 0; h < profile.length; h++) {
            profile[h] = q.streamerText().apply(history.get(h).streamerId());
            weights[h] = history.get(h).visits();
        }
        String[] texts = new String[candidates.size()];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = candidates.get(i).text();
        }
        return content.scores(profile, weights, texts);
    }

    /**
     * Visits to each candidate's streamer plus {@code (r + 1) / (m + 1)}, where r ranks the user's m streamers from
     * the least (0) to the most recently watched (then by watch time): more visits first, then the more recent.
     */
    static double[] repeatSignal(List<WatchedStreamer> history, String[] streamers) {
        double[] out = new double[streamers.length];
        if (history.isEmpty()) {
            return out;
        }
        var byRecency = new ArrayList<>(history);
        byRecency.sort(Comparator.comparingLong(WatchedStreamer::lastTimeMs)
                .thenComparingLong(WatchedStreamer::watchMs)
                .thenComparing(WatchedStreamer::streamerId, LiveRoomRanker::compareIds));
        int m = byRecency.size();
        var value = new HashMap<String, Double>(m * 2);
        for (int r = 0; r < m; r++) {
            var w = byRecency.get(r);
            value.merge(w.streamerId(), w.visits() + (r + 1) / (double) (m + 1), Math::max);
        }
        for (int i = 0; i < streamers.length; i++) {
            Double v = value.get(streamers[i]);
            out[i] = v == null ? 0 : v;
        }
        return out;
    }

    /** Ids in natural order: numbers by value when both are plain digit strings, otherwise lexicographically. */
    public static int compareIds(String a, String b) {
        if (isDigits(a) && isDigits(b)) {
            String x = stripZeros(a);
            String y = stripZeros(b);
            return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
        }
        return a.compareTo(b);
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String stripZeros(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i);
    }

    /** The candidates of one query with their scores and reasons. */
    public static final class Scored {
        private final List<LiveCandidate> candidates;
        private final double[] scores;
        private final Reason[] reasons;

        Scored(List<LiveCandidate> candidates, double[] scores, Reason[] reasons) {
            this.candidates = candidates;
            this.scores = scores;
            this.reasons = reasons;
        }

        /** Whether candidate {@code i} ranks before candidate {@code j}. */
        public boolean before(int i, int j) {
            if (scores[i] != scores[j]) {
                return scores[i] > scores[j];
            }
            var a = candidates.get(i);
            var b = candidates.get(j);
            if (a.popularity() != b.popularity()) {
                return a.popularity() > b.popularity();
            }
            int c = compareIds(a.streamerId(), b.streamerId());
            return c != 0 ? c < 0 : a.roomId().compareTo(b.roomId()) < 0;
        }

        /**
         * The 1-based position of {@code streamerId} in the full ranking (one room per streamer), or -1 when no
         * candidate is of that streamer.
         */
        public int positionOf(String streamerId) {
            int t = -1;
            for (int i = 0; i < scores.length; i++) {
                if (candidates.get(i).streamerId().equals(streamerId) && (t < 0 || before(i, t))) {
                    t = i;
                }
            }
            if (t < 0) {
                return -1;
            }
            var ahead = new HashSet<String>();
            for (int i = 0; i < scores.length; i++) {
                if (i != t && before(i, t)) {
                    ahead.add(candidates.get(i).streamerId());
                }
            }
            ahead.remove(streamerId);
            return ahead.size() + 1;
        }

        /** The best {@code k} rooms, one per streamer. */
        public List<RankedRoom> top(int k) {
            int n = scores.length;
            int[] top = new int[Math.min(k, n)];
            int filled = 0;
            for (int i = 0; i < n; i++) {
                int pos = filled;
                while (pos > 0 && before(i, top[pos - 1])) {
                    pos--;
                }
                if (pos >= top.length) {
                    continue; // below the k kept so far
                }
                String streamer = candidates.get(i).streamerId();
                int same = -1;
                for (int j = 0; j < filled; j++) {
                    if (candidates.get(top[j]).streamerId().equals(streamer)) {
                        same = j;
                        break;
                    }
                }
                if (same >= 0 && same < pos) {
                    continue; // the streamer is already in, with a better room
                }
                if (same >= 0) {
                    System.arraycopy(top, same + 1, top, same, filled - same - 1); // drop its worse room
                    filled--;
                }
                if (pos < top.length) {
                    int end = Math.min(filled, top.length - 1);
                    System.arraycopy(top, pos, top, pos + 1, end - pos);
                    top[pos] = i;
                    filled = Math.min(filled + 1, top.length);
                }
            }
            var out = new ArrayList<RankedRoom>(filled);
            for (int j = 0; j < filled; j++) {
                var c = candidates.get(top[j]);
                out.add(new RankedRoom(c.roomId(), c.streamerId(), scores[top[j]], reasons[top[j]]));
            }
            return out;
        }

        public int size() {
            return scores.length;
        }
    }
}
