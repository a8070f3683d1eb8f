package io.livepulse.models.features;

import io.livepulse.schemas.feature.RoomMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;


/**
 * Live metrics of one room over one event-time window {@code [start, end)}, from the window's events alone
 * (so a sliding window in Flink and the reference compute the same numbers).
 *
 * <ul>
 *   <li>CCU: viewers whose last player event in the window is a JOIN or HEARTBEAT less than
 *       {@code heartbeatGap} before the window end.
 *   <li>New viewers: distinct users who joined in the window.
 *   <li>Average W: mean over viewers with player events of their watch time inside the window (intervals from a
 *       JOIN or HEARTBEAT to the user's next player event, shorter than the gap). Average I: mean over viewers
 *       with watch time of their interactions per minute watched in the window.
 *   <li>Trending score: {@code ln((1 + a2) / (1 + a1)) + ln((1 + v2) / (1 + v1))}, where a and v are the
 *       interactions and distinct active viewers in the first (1) and second (2) half of the window: above 0
 *       when the room is growing.
 * </ul>
 */
public final class RoomWindowMetrics {
    private RoomWindowMetrics() {}

    public static RoomMetrics compute(String roomId, long startMs, long endMs, List<Activity> events,
            Duration heartbeatGap) {
        var sorted = events.stream().sorted(Activity.EVENT_ORDER).toList();
        long gapMs = heartbeatGap.toMillis();
        long middle = startMs + (endMs - startMs) / 2;
        var lastPlayer = new HashMap<String, Activity>();
        var watchMs = new HashMap<String, Long>();
        var interactionsByUser = new HashMap<String, Long>();
        var joined = new HashSet<String>();
        var activeFirstHalf = new HashSet<String>();
        var activeSecondHalf = new HashSet<String>();
        long interactions = 0;
        long interactionsFirstHalf = 0;
        long giftRevenue = 0;
        long orderRevenue = 0;
        int subscriptions = 0;
        long impressions = 0;
        long clicks = 0;
        long productClicks = 0;
        long orders = 0;
        for (Activity a : sorted) {
            boolean firstHalf = a.timeMs() < middle;
            switch (a.kind()) {
                case JOIN, HEARTBEAT, LEAVE -> {
                    Activity previous = lastPlayer.put(a.userId(), a);
                    watchMs.merge(a.userId(), 0L, Long::sum);
                    if (previous != null && previous.kind() != ActivityKind.LEAVE
                            && a.timeMs() - previous.timeMs() < gapMs) {
                        watchMs.merge(a.userId(), a.timeMs() - previous.timeMs(), Long::sum);
                    }
                    if (a.kind() == ActivityKind.JOIN) {
                        joined.add(a.userId());
                    }
                }
                case SUBSCRIPTION -> subscriptions++;
                case AD_IMPRESSION -> impressions++;
                case AD_CLICK -> clicks++;
                case PRODUCT_CLICK -> productClicks++;
                case ORDER -> {
                    orders++;
                    orderRevenue += a.amountMinor();
                }
                default -> { }
            }
            if (a.kind().interaction()) {
                interactions++;
                interactionsByUser.merge(a.userId(), 1L, Long::sum);
                if (a.kind() == ActivityKind.GIFT) {
                    giftRevenue += a.amountMinor();
                }
                if (firstHalf) {
                    interactionsFirstHalf++;
                }
            }
            if (a.kind().sessionScoped()) {
                (firstHalf ? activeFirstHalf : activeSecondHalf).add(a.userId());
            }
        }
        int ccu = (int) lastPlayer.values().stream()
                .filter(a -> a.kind() != ActivityKind.LEAVE && endMs - a.timeMs() < gapMs)
                .count();
        double avgWatch = watchMs.values().stream().mapToLong(Long::longValue).average().orElse(0.0);
        double avgI = watchMs.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .mapToDouble(e -> WatchSessions.perMinute(interactionsByUser.getOrDefault(e.getKey(), 0L), e.getValue()))
                .average().orElse(0.0);
        long interactionsSecondHalf = interactions - interactionsFirstHalf;
        double trending = Math.log((1.0 + interactionsSecondHalf) / (1.0 + interactionsFirstHalf))
                + Math.log((1.0 + activeSecondHalf.size()) / (1.0 + activeFirstHalf.size()));
        return RoomMetrics.newBuilder()
                .setRoomId(roomId)
                .setWindowStartMs(startMs)
                .setWindowEndMs(endMs)
                .setConcurrentViewers(ccu)
                .setNewViewers(joined.size())
                .setAvgWatchTimeMs(avgWatch)
                .setAvgInteractionsPerMinute(avgI)
                .setInteractions(interactions)
                .setGiftRevenueMinor(giftRevenue)
                .setOrderRevenueMinor(orderRevenue)
                .setNewSubscriptions(subscriptions)
                .setAdImpressions(impressions)
                .setAdClicks(clicks)
                .setCtr(impressions == 0 ? 0.0 : (double) clicks / impressions)
                .setProductClicks(productClicks)
                .setOrders(orders)
                .setConversion(productClicks == 0 ? 0.0 : (double) orders / productClicks)
                .setTrendingScore(trending)
                .setCategory(null)
                .build();
    }

    /** Start times of the sliding windows (size, slide; offset 0) that contain {@code timeMs}, as Flink assigns them. */
    public static List<Long> windowStarts(long timeMs, Duration size, Duration slide) {
        long slideMs = slide.toMillis();
        long lastStart = timeMs - Math.floorMod(timeMs, slideMs);
        var starts = new java.util.ArrayList<Long>();
        for (long start = lastStart; start > timeMs - size.toMillis(); start -= slideMs) {
            starts.add(start);
        }
        return starts;
    }
}
