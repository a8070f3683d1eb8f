package io.livepulse.streaming.bench;

import io.livepulse.models.features.Activity;
import io.livepulse.models.features.ActivityKind;
import io.livepulse.models.features.FeatureParams;
import io.livepulse.models.features.RoomWindowMetrics;
import io.livepulse.models.formula.SeedModel;
import io.livepulse.schemas.AvroCodec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's limit: one thread decodes the same Avro bytes and updates the same aggregates in hash maps
 * (sessions and W, I, O, T per user-room; counters per room and sliding window), assuming events in order.
 */
final class HashMapAggregates {
    private final FeatureParams params;
    private final Map<String, long[]> sessions = new HashMap<>();
    private final Map<String, double[]> transmission = new HashMap<>();
    private final Map<String, long[]> roomWindows = new HashMap<>();
    private long closedSessions;

    HashMapAggregates(FeatureParams params) {
        this.params = params;
    }

    /** Processes every record; returns a checksum so the work cannot be optimised away. */
    long run(List<byte[]> records) {
        long gapMs = params.heartbeatGap().toMillis();
        for (byte[] bytes : records) {
            Activity a = Activity.from(AvroCodec.standard().decode(bytes));
            if (a.kind() == ActivityKind.ROOM) {
                continue;
            }
            if (a.kind().sessionScoped()) {
                // [lastTimeMs, lastKind, watchMs, interactions, gifts, giftValue]
                long[] s = sessions.computeIfAbsent(a.userRoomKey(), k -> new long[] {a.timeMs(), -1, 0, 0, 0, 0});
                if (a.timeMs() - s[0] >= gapMs) {
                    closedSessions++;
                    s[2] = 0;
                    s[3] = 0;
                    s[4] = 0;
                    s[5] = 0;
                    s[1] = -1;
                }
                if (a.kind().player()) {
                    if (s[1] >= 0 && s[1] != ActivityKind.LEAVE.ordinal()) {
                        s[2] += a.timeMs() - s[0];
                    }
                    s[1] = a.kind().ordinal();
                    if (a.kind() == ActivityKind.HEARTBEAT && a.bitrateKbps() > 0 && a.bandwidthKbps() > 0) {
                        double[] t = transmission.computeIfAbsent(a.userRoomKey(), k -> new double[2]);
                        t[0] += SeedModel.transmissionTerm(params.k(), a.bitrateKbps(), a.bandwidthKbps());
                        t[1]++;
                    }
                } else {
                    s[3]++;
                    if (a.kind() == ActivityKind.GIFT) {
                        s[4] += a.count();
                        s[5] += a.amountMinor();
                    }
                }
                s[0] = Math.max(s[0], a.timeMs());
            }
            for (long start : RoomWindowMetrics.windowStarts(a.timeMs(), params.roomWindowSize(), params.roomWindowSlide())) {
                // [events, interactions, giftRevenue, orders, impressions, clicks]
                long[] w = roomWindows.computeIfAbsent(a.roomId() + "@" + start, k -> new long[6]);
                w[0]++;
                w[1] += a.kind().interaction() ? 1 : 0;
                w[2] += a.kind() == ActivityKind.GIFT ? a.amountMinor() : 0;
                w[3] += a.kind() == ActivityKind.ORDER ? 1 : 0;
                w[4] += a.kind() == ActivityKind.AD_IMPRESSION ? 1 : 0;
                w[5] += a.kind() == ActivityKind.AD_CLICK ? 1 : 0;
            }
        }
        return closedSessions + sessions.size() + roomWindows.size() + transmission.size();
    }
}
