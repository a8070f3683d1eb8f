package io.livepulse.models.features;

import io.livepulse.schemas.feature.RoomMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Live metrics of one room over one event-time window {@code [start, end)}, from the window's events alone
 * (so a sliding window in Flink and the reference compute the same numbers).
 *
 * <ul>
 *   <li>CCU: viewers whose last player event in the window is a JOIN or HEARTBEAT (with no LEAVE at the same
 *       millisecond) less than {@code heartbeatGap} before the window end.
 *   <li>New viewers: distinct users who joined in the window.
 *   <li>Average W: mean over viewers with player events of their watch time inside the window (intervals from a
 *       JOIN or HEARTBEAT to the user's next player event, shorter than the gap; a viewer's player events at the
 *       same millisecond count as one, a LEAVE if any of them is one, as in the W of sessions). Average I: mean
 *       over viewers with watch time of their interactions per minute watched in the window, each over at least a
 *       minute ({@link WatchSessions#perMinute}).
 *   <li>Trending score: {@code ln((1 + a2) / (1 + a1)) + ln((1 + v2) / (1 + v1))}, where a and v are the
 *       interactions and distinct active viewers in the first (1) and second (2) half of the window: above 0
 *       when the room is growing.
 *   <li>Category: of the room's latest catalogue event at or before the window's last millisecond; null before
 *       the first one.
 * </ul>
 *
 * <p>Every metric is a fold of per-viewer and per-room sums that combine across time-ordered {@link RoomPane}s, so
 * the Flink job aggregates each event once into its pane and combines a window's panes when it fires (with a
 * {@link PaneCombiner}).
 */
public final class RoomWindowMetrics {
    private RoomWindowMetrics() {}

    public static RoomMetrics compute(String roomId, long startMs, long endMs, List<Activity> events,
            Duration heartbeatGap) {
        return compute(roomId, startMs, endMs, events, heartbeatGap, null);
    }

    /** As {@link #compute(String, long, long, List, Duration)}, with the room's category (null when unknown). */
    public static RoomMetrics compute(String roomId, long startMs, long endMs, List<Activity> events,
            Duration heartbeatGap, String category) {
        long middle = middleOf(startMs, endMs);
        var firstHalf = new RoomPane(startMs, heartbeatGap.toMillis());
        var secondHalf = new RoomPane(middle, heartbeatGap.toMillis());
        for (Activity a : events) {
            (a.timeMs() < middle ? firstHalf : secondHalf).add(a);
        }
        return combine(roomId, startMs, endMs, List.of(firstHalf, secondHalf), heartbeatGap, category);
    }

    /**
     * The metrics of the window {@code [startMs, endMs)} from its panes, in time order, which must tile the window
     * with a pane boundary at its middle ({@code startMs + (endMs - startMs) / 2}); missing (empty) panes may be
     * left out. Gives exactly what {@link #compute} gives on the panes' events.
     */
    public static RoomMetrics combine(String roomId, long startMs, long endMs, List<RoomPane> panes,
            Duration heartbeatGap, String category) {
        return new PaneCombiner().combine(roomId, startMs, endMs, panes, heartbeatGap, category);
    }

    /** Watch time from a player event to the viewer's next one: none after a LEAVE or across a gap. */
    static long watchedBetween(boolean previousLeave, long previousMs, long nextMs, long gapMs) {
        return !previousLeave && nextMs - previousMs < gapMs ? nextMs - previousMs : 0;
    }

    /**
     * A room's rate of {@code events} per {@code opportunities}: the click-through rate (clicks per ad impression) and
     * the conversion (orders per product click); 0 when there was no opportunity.
     */
    public static double rate(long events, long opportunities) {
        return opportunities == 0 ? 0.0 : (double) events / opportunities;
    }

    /** The boundary between the halves of a window that the trending score compares. */
    public static long middleOf(long startMs, long endMs) {
        return startMs + (endMs - startMs) / 2;
    }

    /**
     * The pane length for windows of {@code size} sliding by {@code slide}: the largest that divides both the slide
     * and half the window, so every window is whole panes with a boundary at its middle.
     */
    public static long paneMs(Duration size, Duration slide) {
        long half = size.toMillis() / 2;
        long a = slide.toMillis();
        long b = half;
        while (b != 0) {
            long r = a % b;
            a = b;
            b = r;
        }
        return a;
    }

    /** Start times of the sliding windows (size, slide; offset 0) that contain {@code timeMs}, as Flink assigns them. */
    public static List<Long> windowStarts(long timeMs, Duration size, Duration slide) {
        long slideMs = slide.toMillis();
        long lastStart = timeMs - Math.floorMod(timeMs, slideMs);
        var starts = new ArrayList<Long>();
        for (long start = lastStart; start > timeMs - size.toMillis(); start -= slideMs) {
            starts.add(start);
        }
        return starts;
    }
}
