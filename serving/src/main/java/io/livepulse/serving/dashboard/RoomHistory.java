package io.livepulse.serving.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepulse.models.features.RoomWindowMetrics;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.RoomSentiment;
import io.livepulse.serving.store.FeatureStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each room's series for its drill-down page: one {@link MetricsPoint} per room-metrics window and one {@link
 * ChatPoint} per room-sentiment window, kept for {@link DashboardHistory#RETENTION} (at most {@link
 * #MAX_POINTS_PER_SERIES} a series) in memory and in the feature store's {@code room-history} table, so a restart
 * keeps them. Windows are appended in order of their end; an older or repeated window is ignored.
 */
public final class RoomHistory {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TABLE = "room-history";
    static final int MAX_POINTS_PER_SERIES = 1_500;

    /** What the room page draws from one room-metrics window. */
    public record MetricsPoint(long timeMs, long ccu, double watchMinutes, double interactionsPerMinute,
            long giftRevenueMinor, long orderRevenueMinor, long orders, double conversion, long newSubscriptions,
            double adCtr, long interactions) {
        static MetricsPoint of(RoomMetrics m) {
            return new MetricsPoint(m.getWindowEndMs(), m.getConcurrentViewers(), m.getAvgWatchTimeMs() / 60_000.0,
                    m.getAvgInteractionsPerMinute(), m.getGiftRevenueMinor(), m.getOrderRevenueMinor(), m.getOrders(),
                    m.getConversion(), m.getNewSubscriptions(), RoomWindowMetrics.rate(m.getAdClicks(),
                    m.getAdImpressions()), m.getInteractions());
        }
    }

    /** Chat volume and negative share of one room-sentiment window. */
    public record ChatPoint(long timeMs, long messages, long negativeMessages, double negativeShare) {
        static ChatPoint of(RoomSentiment s) {
            return new ChatPoint(s.getWindowEndMs(), s.getMessages(), s.getNegativeMessages(), s.getNegativeShare());
        }
    }

    private final FeatureStore store;
    private final Clock clock;
    private final Duration retention;
    private final Map<String, Deque<MetricsPoint>> metrics = new ConcurrentHashMap<>();
    private final Map<String, Deque<ChatPoint>> chat = new ConcurrentHashMap<>();

    public RoomHistory(FeatureStore store, Clock clock, Duration retention) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
        long oldest = clock.millis() - retention.toMillis();
        for (var entry : store.scan(TABLE, "").entrySet()) {
            String key = entry.getKey();
            int slash = key.lastIndexOf('/', key.length() - 17);
            String room = slash < 0 ? "" : key.substring(0, slash);
            String kind = slash < 0 ? "" : key.substring(slash + 1, key.length() - 16);
            try {
                if (kind.equals("m")) {
                    var p = JSON.readValue(entry.getValue(), MetricsPoint.class);
                    if (p.timeMs() >= oldest) {
                        metrics.computeIfAbsent(room, r -> new ArrayDeque<>()).addLast(p);
                        continue;
                    }
                } else if (kind.equals("s")) {
                    var p = JSON.readValue(entry.getValue(), ChatPoint.class);
                    if (p.timeMs() >= oldest) {
                        chat.computeIfAbsent(room, r -> new ArrayDeque<>()).addLast(p);
                        continue;
                    }
                }
            } catch (IOException e) {
                // written by an incompatible version: deleted below like an expired point
            }
            store.delete(TABLE, key);
        }
    }

    public void record(RoomMetrics m) {
        append(metrics, m.getRoomId(), "m", MetricsPoint.of(m), MetricsPoint::timeMs);
    }

    public void record(RoomSentiment s) {
        append(chat, s.getRoomId(), "s", ChatPoint.of(s), ChatPoint::timeMs);
    }

    private <P> void append(Map<String, Deque<P>> series, String room, String kind, P point,
            java.util.function.ToLongFunction<P> time) {
        Deque<P> points = series.computeIfAbsent(room, r -> new ArrayDeque<>());
        synchronized (points) {
            if (!points.isEmpty() && time.applyAsLong(points.peekLast()) >= time.applyAsLong(point)) {
                return;
            }
            points.addLast(point);
            store.put(TABLE, key(room, kind, time.applyAsLong(point)), encode(point));
            long oldest = time.applyAsLong(point) - retention.toMillis();
            while (points.size() > MAX_POINTS_PER_SERIES || time.applyAsLong(points.peekFirst()) < oldest) {
                store.delete(TABLE, key(room, kind, time.applyAsLong(points.removeFirst())));
            }
        }
    }

    /** Drops points (and rooms) older than the retention; the feed calls this on its timer. */
    public void expire() {
        long oldest = clock.millis() - retention.toMillis();
        expire(metrics, "m", oldest, MetricsPoint::timeMs);
        expire(chat, "s", oldest, ChatPoint::timeMs);
    }

    private <P> void expire(Map<String, Deque<P>> series, String kind, long oldest,
            java.util.function.ToLongFunction<P> time) {
        for (var entry : series.entrySet()) {
            Deque<P> points = entry.getValue();
            synchronized (points) {
                while (!points.isEmpty() && time.applyAsLong(points.peekFirst()) < oldest) {
                    store.delete(TABLE, key(entry.getKey(), kind, time.applyAsLong(points.removeFirst())));
                }
                if (points.isEmpty()) {
                    series.remove(entry.getKey(), points);
                }
            }
        }
    }

    /** The room's metrics windows that ended within the last {@code window}, oldest first. */
    public List<MetricsPoint> metrics(String room, Duration window) {
        return copy(metrics.get(room), window, MetricsPoint::timeMs);
    }

    /** The room's chat windows that ended within the last {@code window}, oldest first. */
    public List<ChatPoint> chat(String room, Duration window) {
        return copy(chat.get(room), window, ChatPoint::timeMs);
    }

    private <P> List<P> copy(Deque<P> points, Duration window, java.util.function.ToLongFunction<P> time) {
        var result = new ArrayList<P>();
        if (points == null) {
            return result;
        }
        long from = clock.millis() - window.toMillis();
        synchronized (points) {
            for (P p : points) {
                if (time.applyAsLong(p) >= from) {
                    result.add(p);
                }
            }
        }
        return result;
    }

    public boolean knows(String room) {
        return metrics.containsKey(room) || chat.containsKey(room);
    }

    private static String key(String room, String kind, long timeMs) {
        return room + "/" + kind + "/" + String.format("%015d", timeMs);
    }

    private static byte[] encode(Object point) {
        try {
            return JSON.writeValueAsBytes(point);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
