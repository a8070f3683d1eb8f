package io.livepulse.models.recommend;

/**
 * A room live now, as the ranker sees it.
 *
 * @param roomId the room
 * @param streamerId who broadcasts in it (models trained on viewing logs know streamers, not rooms)
 * @param text the room's title, tags and category for content similarity; null or blank when unknown
 * @param popularity how popular the room is now (serving: its trending score; evaluation: the streamer's training
 *     interactions); orders rooms the models cannot tell apart
 * @param liveForMs how long the stream has been live (serving: since the room's STARTED event; evaluation: since
 *     the start of the candidate's current run of availability), {@link #UNKNOWN_AGE} when not known
 */
public record LiveCandidate(String roomId, String streamerId, String text, double popularity, long liveForMs) {
    /** {@link #liveForMs} of a room whose stream start is not known. */
    public static final long UNKNOWN_AGE = -1;

    public LiveCandidate {
        if (liveForMs < 0 && liveForMs != UNKNOWN_AGE) {
            throw new IllegalArgumentException("liveForMs must be >= 0 or UNKNOWN_AGE, got " + liveForMs + " for room "
                    + roomId);
        }
    }

    /** A room whose stream age is not known. */
    public LiveCandidate(String roomId, String streamerId, String text, double popularity) {
        this(roomId, streamerId, text, popularity, UNKNOWN_AGE);
    }
}
