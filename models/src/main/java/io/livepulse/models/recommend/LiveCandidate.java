package io.livepulse.models.recommend;

/**
 * A room live now, as the ranker sees it.
 *
 * @param roomId the room
 * @param streamerId who broadcasts in it (models trained on viewing logs know streamers, not rooms)
 * @param text the room's title, tags and category for content similarity; null or blank when unknown
 * @param popularity how popular the room is now (serving: its trending score; evaluation: the streamer's training
 *     interactions); orders rooms the models cannot tell apart
 */
public record LiveCandidate(String roomId, String streamerId, String text, double popularity) {}
