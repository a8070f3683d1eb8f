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
 * per viewer the player events in {@link Activity#EVENT_ORDER} with the watch time between them. A sliding window
 * made of whole panes is then {@link RoomWindowMetrics#combine combined} from its panes, so each event is added
 * once however many windows hold it. Events may be added in any order. Mutable; not thread-safe.
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
            v.addPlayer(a.timeMs(), a.eventId(), kind, gapMs);
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
            out.writeInt(v.players);
            for (int i = 0; i < v.players; i++) {
                out.writeLong(v.times[i]);
                out.writeUTF(v.eventIds[i]);
                out.writeByte(v.kinds[i]);
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
                v.addPlayer(in.readLong(), in.readUTF(), KINDS[in.readByte()], pane.gapMs);
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
        int players;
        long[] times = new long[2];
        String[] eventIds = new String[2];
        byte[] kinds = new byte[2];
        /** Watch time between this pane's consecutive player events. */
        long watchMs;

        /** Whether any of the player events is a JOIN (kept up to date by {@link #addPlayer}). */
        boolean joined;
        /**
         * The first and last player event, kept by {@link #addPlayer}: a window's combination reads only these of
         * the player events, and fields spare it a visit to the arrays for every viewer of every pane.
         */
        long firstTimeMs;
        long lastTimeMs;
        ActivityKind lastKind;

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

        ActivityKind lastKind() {
            return lastKind;
        }

        void addPlayer(long timeMs, String eventId, ActivityKind kind, long gapMs) {
            if (players == times.length) {
                times = Arrays.copyOf(times, players * 2);
                eventIds = Arrays.copyOf(eventIds, players * 2);
                kinds = Arrays.copyOf(kinds, players * 2);
            }
            int at = players;
            while (at > 0 && (times[at - 1] > timeMs || times[at - 1] == timeMs && eventIds[at - 1].compareTo(eventId) > 0)) {
                at--;
            }
            System.arraycopy(times, at, times, at + 1, players - at);
            System.arraycopy(eventIds, at, eventIds, at + 1, players - at);
            System.arraycopy(kinds, at, kinds, at + 1, players - at);
            times[at] = timeMs;
            eventIds[at] = eventId;
            kinds[at] = (byte) kind.ordinal();
            players++;
            joined |= kind == ActivityKind.JOIN;
            firstTimeMs = times[0];
            lastTimeMs = times[players - 1];
            lastKind = KINDS[kinds[players - 1]];
            watchMs = 0;
            for (int i = 1; i < players; i++) {
                watchMs += RoomWindowMetrics.watchedBetween(KINDS[kinds[i - 1]], times[i - 1], times[i], gapMs);
            }
        }

        Viewer copy() {
            var v = new Viewer(userId);
            v.interactions = interactions;
            v.active = active;
            v.players = players;
            v.times = times.clone();
            v.eventIds = eventIds.clone();
            v.kinds = kinds.clone();
            v.watchMs = watchMs;
            v.joined = joined;
            v.firstTimeMs = firstTimeMs;
            v.lastTimeMs = lastTimeMs;
            v.lastKind = lastKind;
            return v;
        }
    }
}
