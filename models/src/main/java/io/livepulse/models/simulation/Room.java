package io.livepulse.models.simulation;

/**
 * One live stream: a streamer live from {@code startMs} to {@code endMs}. The room id is the stream id as a
 * decimal string, as in the LiveRec log.
 */
public record Room(
        long streamId,
        int streamerIndex,
        String streamerId,
        long startMs,
        long endMs,
        String category,
        String title,
        String language) {

    public String roomId() {
        return Long.toString(streamId);
    }

    /** Live during the whole of {@code [fromMs, toMs)}. */
    boolean liveThroughout(long fromMs, long toMs) {
        return startMs <= fromMs && endMs >= toMs;
    }
}
