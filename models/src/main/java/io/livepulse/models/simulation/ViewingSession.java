package io.livepulse.models.simulation;

/**
 * One viewer watching one room, with the planted seed-model quantities behind it.
 *
 * @param serial position in the simulation, 0-based; also seeds the session's own events
 * @param userIndex 0-based viewer number; {@code userId} is {@code userIndex + 1} as a string
 * @param language the viewer's chat language, {@code "zh"} (mostly danmaku) or {@code "en"}
 * @param joinMs join time
 * @param leaveMs leave time: {@code joinMs + plannedWatchMinutes}, or the end of the stream if that is earlier
 * @param plannedWatchMinutes W drawn from the seed model, before the stream's end cuts it
 * @param bitrateKbps V, constant during the session
 * @param bandwidthKbps R, constant during the session
 * @param transmissionTerm T = k * log2(V) / R
 * @param sigma the viewer's interaction propensity (likes per minute watched)
 * @param giftCount O, the gifts (sum of giftCount) sent in the session
 * @param interaction I drawn from the seed model (chat messages per minute watched)
 * @param repeat the viewer had watched this streamer before
 */
public record ViewingSession(
        long serial,
        int userIndex,
        String userId,
        String language,
        Room room,
        long joinMs,
        long leaveMs,
        double plannedWatchMinutes,
        double bitrateKbps,
        double bandwidthKbps,
        double transmissionTerm,
        double sigma,
        int giftCount,
        double interaction,
        boolean repeat) {

    public double watchMinutes() {
        return (leaveMs - joinMs) / 60_000.0;
    }

    /** The stream ended before the viewer would have left: W is censored. */
    public boolean cutByStreamEnd() {
        return leaveMs < joinMs + Math.round(plannedWatchMinutes * 60_000);
    }
}
