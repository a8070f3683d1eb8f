package io.livepulse.models.features;

import io.livepulse.models.formula.SeedModel;
import io.livepulse.schemas.feature.WatchSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sessionization rules for W, the same in the Flink job and in {@link FeatureReference}.
 *
 * <ul>
 *   <li>A user's player events and interactions in a room are ordered by {@link Activity#EVENT_ORDER}; a
 *       session ends where two consecutive events are at least {@code heartbeatGap} apart (the Flink job uses
 *       event-time session windows with this gap).
 *   <li>W sums the intervals from a JOIN or HEARTBEAT to the next player event; an interval that starts at a
 *       LEAVE counts nothing, so a leave ends watching even when the user comes back within the gap.
 *   <li>T is the mean of {@code k*log2(V)/R} over heartbeats with V &gt; 0 and R &gt; 0.
 *   <li>I is interactions per minute of W; O is the gift count.
 * </ul>
 */
public final class WatchSessions {
    private WatchSessions() {}

    /** Splits one user-room's events at gaps of {@code heartbeatGap} or more and summarizes each session. */
    public static List<WatchSession> split(List<Activity> events, Duration heartbeatGap, double k) {
        var sorted = events.stream().filter(a -> a.kind().sessionScoped()).sorted(Activity.EVENT_ORDER).toList();
        var sessions = new ArrayList<WatchSession>();
        int from = 0;
        for (int i = 1; i <= sorted.size(); i++) {
            if (i == sorted.size() || sorted.get(i).timeMs() - sorted.get(i - 1).timeMs() >= heartbeatGap.toMillis()) {
                if (i > from) {
                    sessions.add(summarize(sorted.subList(from, i), k));
                }
                from = i;
            }
        }
        return sessions;
    }

    /**
     * Summarizes the events of one session (one user, one room, in any order).
     *
     * @throws IllegalArgumentException if {@code events} is empty
     */
    public static WatchSession summarize(List<Activity> events, double k) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a session needs at least one event");
        }
        var sorted = events.stream().sorted(Activity.EVENT_ORDER).toList();
        long watchMs = 0;
        Activity lastPlayer = null;
        int heartbeats = 0;
        int validHeartbeats = 0;
        double sumT = 0;
        double sumV = 0;
        double sumR = 0;
        long interactions = 0;
        long chats = 0;
        long likes = 0;
        long gifts = 0;
        long giftValue = 0;
        for (Activity a : sorted) {
            if (a.kind().player()) {
                if (lastPlayer != null && lastPlayer.kind() != ActivityKind.LEAVE) {
                    watchMs += a.timeMs() - lastPlayer.timeMs();
                }
                lastPlayer = a;
                if (a.kind() == ActivityKind.HEARTBEAT) {
                    heartbeats++;
                    if (a.bitrateKbps() > 0 && a.bandwidthKbps() > 0 && Double.isFinite(a.bitrateKbps())
                            && Double.isFinite(a.bandwidthKbps())) {
                        validHeartbeats++;
                        sumT += SeedModel.transmissionTerm(k, a.bitrateKbps(), a.bandwidthKbps());
                        sumV += a.bitrateKbps();
                        sumR += a.bandwidthKbps();
                    }
                }
            } else if (a.kind().interaction()) {
                interactions++;
                if (a.kind() == ActivityKind.CHAT) {
                    chats++;
                } else if (a.kind() == ActivityKind.LIKE) {
                    likes += a.count();
                }
                if (a.kind() == ActivityKind.GIFT) {
                    gifts += a.count();
                    giftValue += a.amountMinor();
                }
            }
        }
        Activity first = sorted.get(0);
        return WatchSession.newBuilder()
                .setUserId(first.userId())
                .setRoomId(first.roomId())
                .setStartTimeMs(first.timeMs())
                .setEndTimeMs(sorted.get(sorted.size() - 1).timeMs())
                .setWatchTimeMs(watchMs)
                .setHeartbeats(heartbeats)
                .setTransmissionTerm(validHeartbeats == 0 ? null : sumT / validHeartbeats)
                .setMeanBitrateKbps(validHeartbeats == 0 ? null : sumV / validHeartbeats)
                .setMeanBandwidthKbps(validHeartbeats == 0 ? null : sumR / validHeartbeats)
                .setInteractions(interactions)
                .setInteractionsPerMinute(perMinute(interactions, watchMs))
                .setChatMessages(chats)
                .setLikes(likes)
                .setGiftCount(gifts)
                .setGiftValueMinor(giftValue)
                .build();
    }

    /** Events per minute of {@code watchMs}; 0 when nothing was watched. */
    public static double perMinute(long events, long watchMs) {
        return watchMs <= 0 ? 0.0 : events / (watchMs / 60_000.0);
    }
}
