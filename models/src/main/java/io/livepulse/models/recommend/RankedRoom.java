package io.livepulse.models.recommend;

/**
 * One recommended room.
 *
 * @param roomId the room
 * @param streamerId its streamer
 * @param score the ranker's score (higher first); comparable only within one answer
 * @param reason why it is recommended
 */
public record RankedRoom(String roomId, String streamerId, double score, Reason reason) {
    /** Why a room is recommended; lower case because it is part of the API's JSON. */
    public enum Reason {
        /** The user watched this streamer before. */
        repeat,
        /** The recommender model scores it for this user. */
        similar,
        /** Its text is similar to the rooms the user watched (no model score for the user). */
        content,
        /** Filled in by popularity: nothing personal is known. */
        popular
    }
}
