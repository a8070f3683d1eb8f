package io.livepulse.models.features;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the room metrics need from one room's events in one pane {@code [startMs, startMs + pane)}: counters, and
 * per viewer the times of their player events with the watch time between them. Player events of a viewer at the
 * same millisecond count as one, a LEAVE if any of them is one (as in the W of sessions,
 * {@link WatchSessions#watchTimeMs}), so a viewer keeps a time and a flag per player event, not the event. A sliding
 * window made of whole panes is then {@link RoomWindowMetrics#combine combined} from its panes, so each event is
 * added once however many windows hold it. Events may be added in any order. Mutable; not thread-safe.
 */
public final class RoomPane {
    private static final ActivityKind[] KINDS = ActivityKind.values();

    private final long startMs;
    private final long gapMs;
    long interactions;
    long giftRevenueMinor;
    long orderRevenueMinor;
    int subscriptions;
    long adImpressions;
    long adClicks;
    long productClicks;
    long orders;
    private final Map<String, Viewer> byUser;
    /**
     * The same viewers in the order they were added: {@link RoomWindowMetrics#combine} walks every viewer of every
     * pane of a window each time a window fires, and a list walks without the hash table's empty buckets.
     */
    final List<Viewer> viewers;

    /**
     * @param startMs start of the pane
     * @param gapMs the heartbeat gap: consecutive player events this far apart or more add no watch time
     */
    public RoomPane(long startMs, long gapMs) {
        this(startMs, gapMs, 16);
    }

    private RoomPane(long startMs, long gapMs, int expectedViewers) {
        this.startMs = startMs;
        this.gapMs = gapMs;
        this.byUser = new HashMap<>(expectedViewers * 2);
        this.viewers = new ArrayList<>(expectedViewers);
    }

    public long startMs() {
        return startMs;
    }

    /** Adds one event of the room ({@link ActivityKind#ROOM} events are ignored). */
    public void add(Activity a) {
        ActivityKind kind = a.kind();
        switch (kind) {
            case SUBSCRIPTION -> subscriptions++;
            case AD_IMPRESSION -> adImpressions++;
            case AD_CLICK -> adClicks++;
            case PRODUCT_CLICK -> productClicks++;
            case ORDER -> {
                orders++;
                orderRevenueMinor += a.amountMinor();
            }
            default -> { }
        }
        if (!kind.sessionScoped()) {
            return;
        }
        // One lookup per event: session-scoped kinds are the player events and the interactions.
        Viewer v = viewer(a.userId());
        v.active = true;
        if (kind.player()) {
            v.addPlayer(a.timeMs(), kind == ActivityKind.LEAVE, kind == ActivityKind.JOIN, gapMs);
        } else {
            interactions++;
            v.interactions++;
            if (kind == ActivityKind.GIFT) {
                giftRevenueMinor += a.amountMinor();
            }
        }
    }

    private Viewer viewer(String userId) {
        Viewer v = byUser.get(userId);
        if (v == null) {
            v = new Viewer(userId);
            byUser.put(userId, v);
            viewers.add(v);
        }
        return v;
    }

    private void put(Viewer v) {
        byUser.put(v.userId, v);
        viewers.add(v);
    }

    /** A deep copy. */
    public RoomPane copy() {
        var copy = new RoomPane(startMs, gapMs, viewers.size());
        copy.interactions = interactions;
        copy.giftRevenueMinor = giftRevenueMinor;
        copy.orderRevenueMinor = orderRevenueMinor;
        copy.subscriptions = subscriptions;
        copy.adImpressions = adImpressions;
        copy.adClicks = adClicks;
        copy.productClicks = productClicks;
        copy.orders = orders;
        for (Viewer v : viewers) {
            copy.put(v.copy());
        }
        return copy;
    }

    /** Writes the pane in a compact binary form that {@link #readFrom} reads back. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(startMs);
        out.writeLong(gapMs);
        out.writeLong(interactions);
        out.writeLong(giftRevenueMinor);
        out.writeLong(orderRevenueMinor);
        out.writeInt(subscriptions);
        out.writeLong(adImpressions);
        out.writeLong(adClicks);
        out.writeLong(productClicks);
        out.writeLong(orders);
        out.writeInt(viewers.size());
        for (Viewer v : viewers) {
            out.writeUTF(v.userId);
            out.writeLong(v.interactions);
            out.writeBoolean(v.active);
            // The layout of panes that kept every player event (time, event id, kind), so that state written
            // before still reads: a time is written as a LEAVE or a HEARTBEAT, and a JOIN at the first time says
            // that the viewer joined.
            out.writeInt(v.players + (v.joined ? 1 : 0));
            for (int i = 0; i < v.players; i++) {
                out.writeLong(v.times[i]);
                out.writeUTF("");
                out.writeByte((v.leaves[i] ? ActivityKind.LEAVE : ActivityKind.HEARTBEAT).ordinal());
            }
            if (v.joined) {
                out.writeLong(v.times[0]);
                out.writeUTF("");
                out.writeByte(ActivityKind.JOIN.ordinal());
            }
        }
    }

    public static RoomPane readFrom(DataInput in) throws IOException {
        long startMs = in.readLong();
        long gapMs = in.readLong();
        long interactions = in.readLong();
        long giftRevenueMinor = in.readLong();
        long orderRevenueMinor = in.readLong();
        int subscriptions = in.readInt();
        long adImpressions = in.readLong();
        long adClicks = in.readLong();
        long productClicks = in.readLong();
        long orders = in.readLong();
        int viewers = in.readInt();
        var pane = new RoomPane(startMs, gapMs, viewers);
        pane.interactions = interactions;
        pane.giftRevenueMinor = giftRevenueMinor;
        pane.orderRevenueMinor = orderRevenueMinor;
        pane.subscriptions = subscriptions;
        pane.adImpressions = adImpressions;
        pane.adClicks = adClicks;
        pane.productClicks = productClicks;
        pane.orders = orders;
        for (int i = 0; i < viewers; i++) {
            var v = new Viewer(in.readUTF());
            v.interactions = in.readLong();
            v.active = in.readBoolean();
            int players = in.readInt();
            for (int p = 0; p < players; p++) {
                long timeMs = in.readLong();
                in.readUTF(); // an event id, kept by older versions
                ActivityKind kind = KINDS[in.readByte()];
                v.addPlayer(timeMs, kind == ActivityKind.LEAVE, kind == ActivityKind.JOIN, pane.gapMs);
            }
            pane.put(v);
        }
        return pane;
    }

    /** One viewer in one pane. */
    static final class Viewer {
        /** Not final: {@link PaneCombiner} swaps in an equal string that other panes' viewers share. */
        String userId;
        /** {@code userId}'s hash code, kept here so that a lookup in a window does not visit the string. */
        final int userHash;
        long interactions;
        boolean active;
        /** The distinct times of player events, ascending: {@code times[0, players)}. */
        int players;
        long[] times = new long[2];
        /** Whether a player event at {@code times[i]} is a LEAVE. */
        boolean[] leaves = new boolean[2];
        /** Watch time between this pane's consecutive player event times. */
        long watchMs;

        /** Whether any of the player events is a JOIN. */
        boolean joined;
        /**
         * The first and last player event time, kept by {@link #addPlayer}: a window's combination reads only these
         * of the player events, and fields spare it a visit to the arrays for every viewer of every pane.
         */
        long firstTimeMs;
        long lastTimeMs;
        boolean lastLeave;

        Viewer(String userId) {
            this.userId = userId;
            this.userHash = userId.hashCode();
        }

        boolean joined() {
            return joined;
        }

        long firstTimeMs() {
            return firstTimeMs;
        }

        long lastTimeMs() {
            return lastTimeMs;
        }

        /** Whether a player event at the last time is a LEAVE. */
        boolean lastLeave() {
            return lastLeave;
        }

        void addPlayer(long timeMs, boolean leave, boolean join, long gapMs) {
            joined |= join;
            int at = players;
            while (at > 0 && times[at - 1] > timeMs) {
                at--;
            }
            if (at > 0 && times[at - 1] == timeMs) {
                if (leave && !leaves[at - 1]) {
                    leaves[at - 1] = true;
                    summarize(gapMs);
                }
                return;
            }
            if (players == times.length) {
                times = Arrays.copyOf(times, players * 2);
                leaves = Arrays.copyOf(leaves, players * 2);
            }
            System.arraycopy(times, at, times, at + 1, players - at);
            System.arraycopy(leaves, at, leaves, at + 1, players - at);
            times[at] = timeMs;
            leaves[at] = leave;
            players++;
            summarize(gapMs);
        }

        private void summarize(long gapMs) {
            firstTimeMs = times[0];
            lastTimeMs = times[players - 1];
            lastLeave = leaves[players - 1];
            watchMs = 0;
            for (int i = 1; i < players; i++) {
                watchMs += RoomWindowMetrics.watchedBetween(leaves[i - 1], times[i - 1], times[i], gapMs);
            }
        }

        Viewer copy() {
            var v = new Viewer(userId);
            v.interactions = interactions;
            v.active = active;
            v.players = players;
            v.times = times.clone();
            v.leaves = leaves.clone();
            v.watchMs = watchMs;
            v.joined = joined;
            v.firstTimeMs = firstTimeMs;
            v.lastTimeMs = lastTimeMs;
            v.lastLeave = lastLeave;
            return v;
        }
    }
}
