package io.livepulse.models.features;

import io.livepulse.schemas.feature.RoomMetrics;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Combines a window's {@link RoomPane}s into its {@link RoomMetrics} (the semantics are
 * {@link RoomWindowMetrics#combine}'s). One instance serves many windows: its viewer table and viewer records are
 * reused from call to call, so a window fires without allocating per viewer. Not thread-safe.
 *
 * <p>Each pane of a sliding window is combined once for every window that holds it, so the lookup of a pane's viewer
 * in the window is the hot spot: the table is open-addressed over the viewers' stored hash codes, and a pane viewer
 * whose user id equals but is not the same string as the one the table holds is given the table's string, so the
 * next windows that hold the pane compare the ids by identity instead of by their characters.
 */
public final class PaneCombiner {
    private static final int MIN_TABLE = 64;

    private String[] keys = new String[MIN_TABLE];
    private int[] hashes = new int[MIN_TABLE];
    private WindowViewer[] slots = new WindowViewer[MIN_TABLE];
    /** The window's viewers in the order met: {@code viewers[0, count)}; records past it are spares. */
    private WindowViewer[] viewers = new WindowViewer[MIN_TABLE / 2];
    private double[] perMinute = new double[MIN_TABLE / 2];

    /**
     * The metrics of the window {@code [startMs, endMs)} from its panes, in time order, which must tile the window
     * with a pane boundary at its middle ({@link RoomWindowMetrics#middleOf}); missing (empty) panes may be left out.
     */
    public RoomMetrics combine(String roomId, long startMs, long endMs, List<RoomPane> panes, Duration heartbeatGap,
            String category) {
        long gapMs = heartbeatGap.toMillis();
        long middle = RoomWindowMetrics.middleOf(startMs, endMs);
        int mask = clear(panes);
        int count = 0;
        long interactions = 0;
        long interactionsFirstHalf = 0;
        long giftRevenue = 0;
        long orderRevenue = 0;
        int subscriptions = 0;
        long impressions = 0;
        long clicks = 0;
        long productClicks = 0;
        long orders = 0;
        int activeFirstHalf = 0;
        int activeSecondHalf = 0;
        for (RoomPane pane : panes) {
            boolean firstHalf = pane.startMs() < middle;
            interactions += pane.interactions;
            if (firstHalf) {
                interactionsFirstHalf += pane.interactions;
            }
            giftRevenue += pane.giftRevenueMinor;
            orderRevenue += pane.orderRevenueMinor;
            subscriptions += pane.subscriptions;
            impressions += pane.adImpressions;
            clicks += pane.adClicks;
            productClicks += pane.productClicks;
            orders += pane.orders;
            for (RoomPane.Viewer v : pane.viewers) {
                int slot = slotOf(v, mask);
                WindowViewer w = slots[slot];
                if (w == null) {
                    w = viewer(count++);
                    keys[slot] = v.userId;
                    hashes[slot] = v.userHash;
                    slots[slot] = w;
                }
                w.interactions += v.interactions;
                if (v.active && firstHalf && !w.activeFirstHalf) {
                    w.activeFirstHalf = true;
                    activeFirstHalf++;
                } else if (v.active && !firstHalf && !w.activeSecondHalf) {
                    w.activeSecondHalf = true;
                    activeSecondHalf++;
                }
                if (v.players > 0) {
                    if (w.player) {
                        w.watchMs += RoomWindowMetrics.watchedBetween(w.lastLeave, w.lastTimeMs, v.firstTimeMs(),
                                gapMs);
                    }
                    w.watchMs += v.watchMs;
                    w.player = true;
                    w.lastLeave = v.lastLeave();
                    w.lastTimeMs = v.lastTimeMs();
                    w.joined |= v.joined();
                }
            }
        }
        int ccu = 0;
        int joined = 0;
        int players = 0;
        long watchSum = 0;
        int watching = 0;
        for (int i = 0; i < count; i++) {
            WindowViewer w = viewers[i];
            if (!w.player) {
                continue;
            }
            players++;
            watchSum += w.watchMs;
            if (w.joined) {
                joined++;
            }
            if (!w.lastLeave && endMs - w.lastTimeMs < gapMs) {
                ccu++;
            }
            if (w.watchMs > 0) {
                perMinute[watching++] = WatchSessions.perMinute(w.interactions, w.watchMs);
            }
        }
        // Kahan summation of the sorted values: the same bits whatever order the viewers were met in, without
        // sorting the viewers by user id.
        Arrays.sort(perMinute, 0, watching);
        double perMinuteSum = 0;
        double compensation = 0;
        for (int i = 0; i < watching; i++) {
            double y = perMinute[i] - compensation;
            double t = perMinuteSum + y;
            compensation = (t - perMinuteSum) - y;
            perMinuteSum = t;
        }
        double avgWatch = players == 0 ? 0.0 : (double) watchSum / players;
        double avgI = watching == 0 ? 0.0 : perMinuteSum / watching;
        long interactionsSecondHalf = interactions - interactionsFirstHalf;
        double trending = Math.log((1.0 + interactionsSecondHalf) / (1.0 + interactionsFirstHalf))
                + Math.log((1.0 + activeSecondHalf) / (1.0 + activeFirstHalf));
        return RoomMetrics.newBuilder()
                .setRoomId(roomId)
                .setWindowStartMs(startMs)
                .setWindowEndMs(endMs)
                .setConcurrentViewers(ccu)
                .setNewViewers(joined)
                .setAvgWatchTimeMs(avgWatch)
                .setAvgInteractionsPerMinute(avgI)
                .setInteractions(interactions)
                .setGiftRevenueMinor(giftRevenue)
                .setOrderRevenueMinor(orderRevenue)
                .setNewSubscriptions(subscriptions)
                .setAdImpressions(impressions)
                .setAdClicks(clicks)
                .setCtr(RoomWindowMetrics.rate(clicks, impressions))
                .setProductClicks(productClicks)
                .setOrders(orders)
                .setConversion(RoomWindowMetrics.rate(orders, productClicks))
                .setTrendingScore(trending)
                .setCategory(category)
                .build();
    }

    /**
     * Empties the part of the table this window uses, sized for every viewer of its panes at a load of at most a
     * half (growing the arrays when they are too small), and returns its index mask.
     */
    private int clear(List<RoomPane> panes) {
        int most = 0;
        for (RoomPane pane : panes) {
            most += pane.viewers.size();
        }
        int size = Math.max(MIN_TABLE, Integer.highestOneBit(Math.max(1, most) * 2 - 1) << 1);
        if (size > keys.length) {
            keys = new String[size];
            hashes = new int[size];
            slots = new WindowViewer[size];
        } else {
            Arrays.fill(keys, 0, size, null);
            Arrays.fill(slots, 0, size, null);
        }
        if (most > viewers.length) {
            viewers = Arrays.copyOf(viewers, most);
            perMinute = new double[most];
        }
        return size - 1;
    }

    /** The slot holding {@code v}'s user, or the empty slot where it goes (linear probing). */
    private int slotOf(RoomPane.Viewer v, int mask) {
        int h = v.userHash;
        int slot = (h ^ (h >>> 16)) & mask;
        while (keys[slot] != null) {
            String key = keys[slot];
            if (key == v.userId) {
                return slot;
            }
            if (hashes[slot] == h && key.equals(v.userId)) {
                v.userId = key;
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** The {@code i}-th viewer record of this window, reset. */
    private WindowViewer viewer(int i) {
        WindowViewer w = viewers[i];
        if (w == null) {
            w = new WindowViewer();
            viewers[i] = w;
        } else {
            w.reset();
        }
        return w;
    }

    /** One viewer across a window's panes. */
    private static final class WindowViewer {
        long interactions;
        long watchMs;
        boolean player;
        boolean joined;
        boolean activeFirstHalf;
        boolean activeSecondHalf;
        boolean lastLeave;
        long lastTimeMs;

        void reset() {
            interactions = 0;
            watchMs = 0;
            player = false;
            joined = false;
            activeFirstHalf = false;
            activeSecondHalf = false;
            lastLeave = false;
            lastTimeMs = 0;
        }
    }
}
