package io.livepulse.streaming.features;

import java.util.ArrayList;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;

/**
 * A room's categories by event time, from its catalogue events, kept in keyed map state: which category held at a
 * moment, and dropping entries no later question can reach.
 */
final class CategoryTimeline {
    private final MapState<Long, String> entries;

    CategoryTimeline(MapState<Long, String> entries) {
        this.entries = entries;
    }

    void put(long timeMs, String category) throws Exception {
        entries.put(timeMs, category);
    }

    /** The category of the latest entry at or before {@code timeMs}, or {@code none} before the first. */
    String at(long timeMs, String none) throws Exception {
        long best = Long.MIN_VALUE;
        String category = none;
        for (Map.Entry<Long, String> e : entries.entries()) {
            if (e.getKey() <= timeMs && e.getKey() >= best) {
                best = e.getKey();
                category = e.getValue();
            }
        }
        return category;
    }

    /** Drops the entries superseded at or before {@code before}; the one in force then is kept. */
    void pruneBefore(long before) throws Exception {
        long keep = Long.MIN_VALUE;
        for (Long t : entries.keys()) {
            if (t <= before) {
                keep = Math.max(keep, t);
            }
        }
        var drop = new ArrayList<Long>();
        for (Long t : entries.keys()) {
            if (t < keep) {
                drop.add(t);
            }
        }
        for (Long t : drop) {
            entries.remove(t);
        }
    }
}
