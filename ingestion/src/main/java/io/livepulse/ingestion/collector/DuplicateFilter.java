package io.livepulse.ingestion.collector;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers event ids for a time window. An id is first reserved (while its event is being written), then
 * confirmed once Kafka acknowledged it, or released if the write failed so that a retry is not mistaken for a
 * duplicate. Holds at most {@code maxIds} ids; the oldest are forgotten first. Thread-safe.
 *
 * <p>The ids are spread by hash over independently locked stripes, so that request threads rarely wait for
 * each other. Each stripe holds an equal share of {@code maxIds} and forgets its own oldest ids first; a stripe
 * is made only for every {@link #MIN_IDS_PER_STRIPE} ids, so small filters are one exact oldest-first list.
 */
public final class DuplicateFilter {
    static final int MIN_IDS_PER_STRIPE = 4_096;
    static final int MAX_STRIPES = 32;

    private final long windowMs;
    private final Stripe[] stripes;

    public DuplicateFilter(long windowMs, int maxIds) {
        if (maxIds < 1) {
            throw new IllegalArgumentException("maxIds must be >= 1, got " + maxIds);
        }
        this.windowMs = windowMs;
        int count = Integer.highestOneBit(Math.max(1, Math.min(MAX_STRIPES, maxIds / MIN_IDS_PER_STRIPE)));
        this.stripes = new Stripe[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new Stripe(maxIds / count);
        }
    }

    /** Reserves {@code eventId}; false if it was seen (or is being written) within the window. */
    public boolean reserve(String eventId, long nowMs) {
        return stripe(eventId).reserve(eventId, nowMs, windowMs);
    }

    /** Forgets a reserved id whose write failed. */
    public void release(String eventId) {
        stripe(eventId).release(eventId);
    }

    public int size() {
        int size = 0;
        for (Stripe s : stripes) {
            size += s.size();
        }
        return size;
    }

    int stripes() {
        return stripes.length;
    }

    private Stripe stripe(String eventId) {
        int h = eventId.hashCode();
        return stripes[(h ^ (h >>> 16)) & (stripes.length - 1)];
    }

    private static final class Stripe {
        private final int maxIds;
        private final LinkedHashMap<String, Long> seen;

        Stripe(int maxIds) {
            this.maxIds = maxIds;
            this.seen = new LinkedHashMap<>(Math.min(maxIds, 1 << 16) * 2);
        }

        synchronized boolean reserve(String eventId, long nowMs, long windowMs) {
            evict(nowMs - windowMs);
            if (seen.putIfAbsent(eventId, nowMs) != null) {
                return false;
            }
            if (seen.size() > maxIds) {
                Iterator<String> oldest = seen.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            return true;
        }

        synchronized void release(String eventId) {
            seen.remove(eventId);
        }

        synchronized int size() {
            return seen.size();
        }

        private void evict(long olderThanOrAtMs) {
            for (Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator(); it.hasNext(); ) {
                if (it.next().getValue() > olderThanOrAtMs) {
                    return;
                }
                it.remove();
            }
        }
    }
}
