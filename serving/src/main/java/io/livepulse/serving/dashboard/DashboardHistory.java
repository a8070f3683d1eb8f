package io.livepulse.serving.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepulse.serving.store.FeatureStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform-wide series the dashboard draws (one {@link Point} per snapshot period), kept in a bounded ring for
 * {@link #RETENTION} and mirrored in the feature store's {@code history} table, so that a restarted server (or a
 * reloaded page) still shows the last hour. Points older than the retention are dropped from both.
 */
public final class DashboardHistory {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardHistory.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TABLE = "history";
    /** How far back {@code /v1/dashboard/history} can reach. */
    public static final Duration RETENTION = Duration.ofHours(2);
    /** Upper bound of the ring whatever the period (a 100 ms period keeps the newest 20,000 points). */
    static final int MAX_POINTS = 20_000;

    /** One snapshot of the whole platform, as drawn by the dashboard's time-series charts. */
    public record Point(long timeMs, long ccu, int liveRooms, long giftRevenueMinor, long orderRevenueMinor,
            long newSubscriptions, double adCtr, double pipelineLagSeconds, double lagSeconds, int openAlerts) {}

    private final FeatureStore store;
    private final Clock clock;
    private final Duration retention;
    private final int capacity;
    private final Deque<Point> ring = new ArrayDeque<>();

    /** Reads back what the store kept from an earlier run (points within the retention). */
    public DashboardHistory(FeatureStore store, Clock clock, Duration period, Duration retention) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("the snapshot period must be positive, got " + period);
        }
        this.store = store;
        this.clock = clock;
        this.retention = retention;
        this.capacity = (int) Math.min(MAX_POINTS, Math.max(1, retention.toMillis() / period.toMillis() + 1));
        int stale = 0;
        for (var entry : store.scan(TABLE, "").entrySet()) {
            Point p = decode(entry.getValue());
            if (p == null || p.timeMs() < clock.millis() - retention.toMillis()) {
                store.delete(TABLE, entry.getKey());
                stale++;
            } else {
                ring.addLast(p);
            }
        }
        while (ring.size() > capacity) {
            store.delete(TABLE, key(ring.removeFirst().timeMs()));
        }
        if (!ring.isEmpty() || stale > 0) {
            LOG.info("Dashboard history: {} points restored from the feature store, {} older ones dropped",
                    ring.size(), stale);
        }
    }

    /** Appends a point (ignored unless newer than the last one) and drops what fell out of the retention. */
    public synchronized void record(Point p) {
        if (!ring.isEmpty() && ring.peekLast().timeMs() >= p.timeMs()) {
            return;
        }
        ring.addLast(p);
        store.put(TABLE, key(p.timeMs()), encode(p));
        long oldest = p.timeMs() - retention.toMillis();
        while (ring.size() > capacity || ring.peekFirst().timeMs() < oldest) {
            store.delete(TABLE, key(ring.removeFirst().timeMs()));
        }
    }

    /** The points of the last {@code window}, oldest first. */
    public synchronized List<Point> last(Duration window) {
        long from = clock.millis() - window.toMillis();
        var result = new ArrayList<Point>();
        for (Point p : ring) {
            if (p.timeMs() >= from) {
                result.add(p);
            }
        }
        return result;
    }

    public synchronized int size() {
        return ring.size();
    }

    public int capacity() {
        return capacity;
    }

    private static String key(long timeMs) {
        return String.format("%015d", timeMs);
    }

    private static byte[] encode(Point p) {
        try {
            return JSON.writeValueAsBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Point decode(byte[] bytes) {
        try {
            return JSON.readValue(bytes, Point.class);
        } catch (IOException e) {
            return null; // a point written by an incompatible version: dropped with the stale ones
        }
    }
}
