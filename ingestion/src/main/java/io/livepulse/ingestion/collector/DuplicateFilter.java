package io.livepulse.ingestion.collector;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers event ids for a time window. An id is first reserved (while its event is being written), then
 * confirmed once Kafka acknowledged it, or released if the write failed so that a retry is not mistaken for a
 * duplicate. Holds at most {@code maxIds} ids; the oldest are forgotten first. Thread-safe.
 */
public final class DuplicateFilter {
    private final long windowMs;
    private final int maxIds;
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    public DuplicateFilter(long windowMs, int maxIds) {
        this.windowMs = windowMs;
        this.maxIds = maxIds;
    }

    /** Reserves {@code eventId}; false if it was seen (or is being written) within the window. */
    public synchronized boolean reserve(String eventId, long nowMs) {
        evict(nowMs);
        if (seen.containsKey(eventId)) {
            return false;
        }
        seen.put(eventId, nowMs);
        if (seen.size() > maxIds) {
            Iterator<String> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /** Forgets a reserved id whose write failed. */
    public synchronized void release(String eventId) {
        seen.remove(eventId);
    }

    public synchronized int size() {
        return seen.size();
    }

    private void evict(long nowMs) {
        for (Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() > nowMs - windowMs) {
                return;
            }
            it.remove();
        }
    }
}
