package io.livepulse.models.features;

import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.schemas.feature.WatchSession;
import java.util.Collection;

/**
 * W, I, O and T of a user in a room over a set of sessions: sums, so adding sessions in any order gives the
 * same features (T and the means are weighted by the sessions' heartbeats with valid V and R).
 */
public final class UserRoomTotals {
    private UserRoomTotals() {}

    /** The features of {@code sessions}, which must all be of one user and room and not be empty. */
    public static UserRoomFeatures of(Collection<WatchSession> sessions) {
        if (sessions.isEmpty()) {
            throw new IllegalArgumentException("no sessions");
        }
        WatchSession any = sessions.iterator().next();
        long watchMs = 0;
        long interactions = 0;
        long gifts = 0;
        long giftValue = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        double sumT = 0;
        double sumV = 0;
        double sumR = 0;
        double weight = 0;
        for (WatchSession s : sessions) {
            watchMs += s.getWatchTimeMs();
            interactions += s.getInteractions();
            gifts += s.getGiftCount();
            giftValue += s.getGiftValueMinor();
            first = Math.min(first, s.getStartTimeMs());
            last = Math.max(last, s.getEndTimeMs());
            if (s.getTransmissionTerm() != null) {
                // Each session's means are weighted by its heartbeat count.
                double w = Math.max(1, s.getHeartbeats());
                sumT += s.getTransmissionTerm() * w;
                sumV += s.getMeanBitrateKbps() * w;
                sumR += s.getMeanBandwidthKbps() * w;
                weight += w;
            }
        }
        return UserRoomFeatures.newBuilder()
                .setUserId(any.getUserId())
                .setRoomId(any.getRoomId())
                .setWatchTimeMs(watchMs)
                .setSessions(sessions.size())
                .setInteractions(interactions)
                .setInteractionsPerMinute(WatchSessions.perMinute(interactions, watchMs))
                .setGiftCount(gifts)
                .setGiftValueMinor(giftValue)
                .setTransmissionTerm(weight == 0 ? null : sumT / weight)
                .setMeanBitrateKbps(weight == 0 ? null : sumV / weight)
                .setMeanBandwidthKbps(weight == 0 ? null : sumR / weight)
                .setFirstEventTimeMs(first)
                .setLastEventTimeMs(last)
                .build();
    }
}
