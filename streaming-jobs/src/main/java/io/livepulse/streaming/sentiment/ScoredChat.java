package io.livepulse.streaming.sentiment;

/**
 * A chat or danmaku message with its sentiment.
 *
 * @param eventId the message's event id (kept so that a dead-lettered message can be traced)
 * @param negative whether the label is NEGATIVE
 * @param score sentiment score in [-1, 1]
 */
public record ScoredChat(String eventId, String roomId, long eventTimeMs, String text, boolean negative,
        double score) {}
