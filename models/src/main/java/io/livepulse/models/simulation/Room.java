package io.livepulse.models.simulation;

import java.util.List;

/**
 * One live stream: a streamer live from {@code startMs} to {@code endMs}. The room id is the stream id as a
 * decimal string, as in the LiveRec log. Category, language and tags name the streamer's taste community, and
 * the title repeats its theme, so room text says what the stream is about.
 */
public record Room(
        long streamId,
        int streamerIndex,
        String streamerId,
        long startMs,
        long endMs,
        String category,
        String title,
        String language,
        List<String> tags) {

    public Room {
        tags = List.copyOf(tags);
    }

    public String roomId() {
        return Long.toString(streamId);
    }

    /** Live during the whole of {@code [fromMs, toMs)}. */
    boolean liveThroughout(long fromMs, long toMs) {
        return startMs <= fromMs && endMs >= toMs;
    }
}
