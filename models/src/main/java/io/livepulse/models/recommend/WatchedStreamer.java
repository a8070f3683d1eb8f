package io.livepulse.models.recommend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * What a user did with one streamer: the ranker's view of a user's history. Serving builds it from the online
 * store's user-room features (sessions, W, last event), evaluation from an instance's recent interactions, so both
 * rank from the same summary.
 *
 * @param streamerId the streamer
 * @param visits watch sessions (serving) or interactions (evaluation) with this streamer, at least 1
 * @param watchMs W summed over the visits, 0 when the log has no watch time
 * @param lastTimeMs when the user last watched this streamer, epoch ms (or any increasing clock)
 */
public record WatchedStreamer(String streamerId, int visits, long watchMs, long lastTimeMs) {
    public WatchedStreamer {
        if (visits < 1) {
            throw new IllegalArgumentException("visits must be >= 1, got " + visits + " for " + streamerId);
        }
    }

    /**
     * The history of a sequence of interactions, oldest first: one entry per streamer, with the number of times it
     * occurs, the summed watch time and the time of its latest occurrence; entries in order of first occurrence.
     */
    public static List<WatchedStreamer> of(String[] streamers, long[] timesMs, long[] watchMs) {
        var byStreamer = new LinkedHashMap<String, WatchedStreamer>();
        for (int i = 0; i < streamers.length; i++) {
            var one = new WatchedStreamer(streamers[i], 1, watchMs == null ? 0 : watchMs[i], timesMs[i]);
            byStreamer.merge(streamers[i], one, WatchedStreamer::plus);
        }
        return new ArrayList<>(byStreamer.values());
    }

    /** Both summaries of one streamer together. */
    public WatchedStreamer plus(WatchedStreamer other) {
        return new WatchedStreamer(streamerId, visits + other.visits, watchMs + other.watchMs,
                Math.max(lastTimeMs, other.lastTimeMs));
    }
}
