package io.livepulse.models.simulation;

/**
 * A planted burst of negative chat: from {@code startMs} (inclusive) to {@code endMs} (exclusive) the chat of
 * room {@code roomId} is {@code chatRateMultiplier} times busier and a message is negative with probability
 * {@code negativeShare} (against {@code baselineNegativeShare} elsewhere).
 */
public record SentimentBurst(
        String roomId,
        String streamerId,
        long startMs,
        long endMs,
        double negativeShare,
        double baselineNegativeShare,
        double chatRateMultiplier) {

    public boolean covers(String room, long timeMs) {
        return roomId.equals(room) && timeMs >= startMs && timeMs < endMs;
    }
}
