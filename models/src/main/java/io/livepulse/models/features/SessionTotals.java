package io.livepulse.models.features;

import io.livepulse.models.formula.SeedModel;
import io.livepulse.schemas.feature.WatchSession;

/**
 * Everything of a watch session except W, as sums that do not depend on the order events arrive in: a session's
 * totals are the {@link #plus} of its events' {@link #of} in any order or grouping. The Flink sessionizer keeps one
 * of these per open session instead of the session's events.
 *
 * @param firstMs earliest event time
 * @param lastMs latest event time
 * @param validHeartbeats heartbeats with a finite V &gt; 0 and R &gt; 0, the ones T, V and R average over
 */
public record SessionTotals(
        String userId,
        String roomId,
        long firstMs,
        long lastMs,
        int heartbeats,
        int validHeartbeats,
        double sumT,
        double sumV,
        double sumR,
        long interactions,
        long chats,
        long likes,
        long gifts,
        long giftValueMinor) {

    /** One session-scoped event's contribution; {@code k} is the T coefficient. */
    public static SessionTotals of(Activity a, double k) {
        boolean heartbeat = a.kind() == ActivityKind.HEARTBEAT;
        boolean valid = heartbeat && a.bitrateKbps() > 0 && a.bandwidthKbps() > 0 && Double.isFinite(a.bitrateKbps())
                && Double.isFinite(a.bandwidthKbps());
        boolean interaction = !a.kind().player() && a.kind().interaction();
        return new SessionTotals(a.userId(), a.roomId(), a.timeMs(), a.timeMs(),
                heartbeat ? 1 : 0,
                valid ? 1 : 0,
                valid ? SeedModel.transmissionTerm(k, a.bitrateKbps(), a.bandwidthKbps()) : 0.0,
                valid ? a.bitrateKbps() : 0.0,
                valid ? a.bandwidthKbps() : 0.0,
                interaction ? 1 : 0,
                interaction && a.kind() == ActivityKind.CHAT ? 1 : 0,
                interaction && a.kind() == ActivityKind.LIKE ? a.count() : 0,
                interaction && a.kind() == ActivityKind.GIFT ? a.count() : 0,
                interaction && a.kind() == ActivityKind.GIFT ? a.amountMinor() : 0);
    }

    public SessionTotals plus(SessionTotals o) {
        return new SessionTotals(userId, roomId, Math.min(firstMs, o.firstMs), Math.max(lastMs, o.lastMs),
                heartbeats + o.heartbeats, validHeartbeats + o.validHeartbeats, sumT + o.sumT, sumV + o.sumV,
                sumR + o.sumR, interactions + o.interactions, chats + o.chats, likes + o.likes, gifts + o.gifts,
                giftValueMinor + o.giftValueMinor);
    }

    /**
     * These totals with one more event: equal, bit for bit, to {@code SessionTotals.of(a, k).plus(this)} (floating
     * point addition is commutative), without the intermediate record; the sessionizer calls it for every event.
     */
    public SessionTotals plus(Activity a, double k) {
        ActivityKind kind = a.kind();
        boolean heartbeat = kind == ActivityKind.HEARTBEAT;
        double v = a.bitrateKbps();
        double r = a.bandwidthKbps();
        boolean valid = heartbeat && v > 0 && r > 0 && Double.isFinite(v) && Double.isFinite(r);
        boolean interaction = !kind.player() && kind.interaction();
        return new SessionTotals(userId, roomId, Math.min(a.timeMs(), firstMs), Math.max(a.timeMs(), lastMs),
                (heartbeat ? 1 : 0) + heartbeats,
                (valid ? 1 : 0) + validHeartbeats,
                (valid ? SeedModel.transmissionTerm(k, v, r) : 0.0) + sumT,
                (valid ? v : 0.0) + sumV,
                (valid ? r : 0.0) + sumR,
                (interaction ? 1 : 0) + interactions,
                (interaction && kind == ActivityKind.CHAT ? 1 : 0) + chats,
                (interaction && kind == ActivityKind.LIKE ? a.count() : 0) + likes,
                (interaction && kind == ActivityKind.GIFT ? a.count() : 0) + gifts,
                (interaction && kind == ActivityKind.GIFT ? a.amountMinor() : 0) + giftValueMinor);
    }

    /** The session record, given its watch time W (see {@link WatchSessions#watchTimeMs}). */
    public WatchSession toWatchSession(long watchMs) {
        return WatchSession.newBuilder()
                .setUserId(userId)
                .setRoomId(roomId)
                .setStartTimeMs(firstMs)
                .setEndTimeMs(lastMs)
                .setWatchTimeMs(watchMs)
                .setHeartbeats(heartbeats)
                .setTransmissionTerm(validHeartbeats == 0 ? null : sumT / validHeartbeats)
                .setMeanBitrateKbps(validHeartbeats == 0 ? null : sumV / validHeartbeats)
                .setMeanBandwidthKbps(validHeartbeats == 0 ? null : sumR / validHeartbeats)
                .setInteractions(interactions)
                .setInteractionsPerMinute(WatchSessions.perMinute(interactions, watchMs))
                .setChatMessages(chats)
                .setLikes(likes)
                .setGiftCount(gifts)
                .setGiftValueMinor(giftValueMinor)
                .build();
    }
}
