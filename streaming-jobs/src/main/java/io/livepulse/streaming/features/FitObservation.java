package io.livepulse.streaming.features;

/**
 * A session's contribution to the seed-model fits, added ({@code weight = 1}) or withdrawn ({@code -1}) when a
 * late event amended the session.
 *
 * @param transmissionTerm T, NaN when the session had no valid heartbeat
 * @param chatPerMinute I as the fits measure it ({@code SeedObservations})
 * @param likesPerMinute sigma as the fits measure it
 * @param scope {@code global} or a category; null until {@link CategoryEnricher} sets it
 */
public record FitObservation(
        String roomId,
        long sessionEndMs,
        double transmissionTerm,
        double chatPerMinute,
        double likesPerMinute,
        long watchTimeMs,
        long giftCount,
        int weight,
        String scope) {

    FitObservation withScope(String newScope) {
        return new FitObservation(roomId, sessionEndMs, transmissionTerm, chatPerMinute, likesPerMinute,
                watchTimeMs, giftCount, weight, newScope);
    }
}
