package io.livepulse.models.features;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
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
    final Map<String, Viewer> viewers;

    /**
     * @param startMs start of the pane
     * @param gapMs the heartbeat gap: consecutive player events this far apart or more add no watch time
     */
    public RoomPane(long startMs, long gapMs) {
        this(startMs, gapMs, new HashMap<>());
    }

    private RoomPane(long startMs, long gapMs, Map<String, Viewer> viewers) {
        this.startMs = startMs;
        this.gapMs = gapMs;
        this.viewers = viewers;
    }

    public long startMs() {
        return startMs;
    }

    /** Adds one event of the room ({@link ActivityKind#ROOM} events are ignored). */
    public void add(Activity a) {
        switch (a.kind()) {
            case JOIN, HEARTBEAT, LEAVE -> viewer(a.userId()).addPlayer(a.timeMs(), a.eventId(), a.kind(), gapMs);
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
        if (a.kind().interaction()) {
            interactions++;
            viewer(a.userId()).interactions++;
            if (a.kind() == ActivityKind.GIFT) {
                giftRevenueMinor += a.amountMinor();
            }
        }
        if (a.kind().sessionScoped()) {
            viewer(a.userId()).active = true;
        }
    }

    private Viewer viewer(String userId) {
        return viewers.computeIfAbsent(userId, u -> new Viewer());
    }

    /** A deep copy. */
    public RoomPane copy() {
        var copy = new RoomPane(startMs, gapMs, new HashMap<>(viewers.size() * 2));
        copy.interactions = interactions;
        copy.giftRevenueMinor = giftRevenueMinor;
        copy.orderRevenueMinor = orderRevenueMinor;
        copy.subscriptions = subscriptions;
        copy.adImpressions = adImpressions;
        copy.adClicks = adClicks;
        copy.productClicks = productClicks;
        copy.orders = orders;
        viewers.forEach((user, v) -> copy.viewers.put(user, v.copy()));
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
        for (Map.Entry<String, Viewer> e : viewers.entrySet()) {
            out.writeUTF(e.getKey());
            Viewer v = e.getValue();
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
        var pane = new RoomPane(in.readLong(), in.readLong());
        pane.interactions = in.readLong();
        pane.giftRevenueMinor = in.readLong();
        pane.orderRevenueMinor = in.readLong();
        pane.subscriptions = in.readInt();
        pane.adImpressions = in.readLong();
        pane.adClicks = in.readLong();
        pane.productClicks = in.readLong();
        pane.orders = in.readLong();
        int viewers = in.readInt();
        for (int i = 0; i < viewers; i++) {
            String user = in.readUTF();
            var v = new Viewer();
            v.interactions = in.readLong();
            v.active = in.readBoolean();
            int players = in.readInt();
            for (int p = 0; p < players; p++) {
                v.addPlayer(in.readLong(), in.readUTF(), KINDS[in.readByte()], pane.gapMs);
            }
            pane.viewers.put(user, v);
        }
        return pane;
    }

    /** One viewer in one pane. */
    static final class Viewer {
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

        boolean joined() {
            return joined;
        }

        long firstTimeMs() {
            return times[0];
        }

        long lastTimeMs() {
            return times[players - 1];
        }

        ActivityKind lastKind() {
            return KINDS[kinds[players - 1]];
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
            watchMs = 0;
            for (int i = 1; i < players; i++) {
                watchMs += RoomWindowMetrics.watchedBetween(KINDS[kinds[i - 1]], times[i - 1], times[i], gapMs);
            }
        }

        Viewer copy() {
            var v = new Viewer();
            v.interactions = interactions;
            v.active = active;
            v.players = players;
            v.times = times.clone();
            v.eventIds = eventIds.clone();
            v.kinds = kinds.clone();
            v.watchMs = watchMs;
            v.joined = joined;
            return v;
        }
    }
}
