package io.livepulse.serving.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Why a live room needs an operator's eye, as flags on the dashboard's rooms table: {@code sentiment-alert} (an
 * alert raised in the last {@link #ALERT_OPEN_FOR} nobody resolved), {@code silent} (no metrics window ended in
 * the last {@link #SILENT_AFTER}: no events reach the pipeline) and {@code ccu-dropping} (viewers fell to at most
 * half of the peak of the last {@link #DROP_WINDOW}, by at least {@link #DROP_MIN_VIEWERS}).
 */
public record RoomHealth(List<String> flags) {
    public static final Duration SILENT_AFTER = Duration.ofMinutes(2);
    public static final Duration DROP_WINDOW = Duration.ofMinutes(5);
    public static final Duration ALERT_OPEN_FOR = Duration.ofHours(1);
    static final int DROP_MIN_VIEWERS = 20;

    public RoomHealth {
        flags = List.copyOf(flags);
    }

    public boolean ok() {
        return flags.isEmpty();
    }

    /**
     * @param lastWindowEndMs end of the room's newest metrics window
     * @param ccuNow its viewers in that window
     * @param peakCcu the most viewers of the room's windows within {@link #DROP_WINDOW}
     * @param openAlert an unresolved sentiment alert of the room, raised within {@link #ALERT_OPEN_FOR}
     */
    public static RoomHealth assess(long nowMs, long lastWindowEndMs, long ccuNow, long peakCcu, boolean openAlert) {
        var flags = new ArrayList<String>();
        if (openAlert) {
            flags.add("sentiment-alert");
        }
        if (nowMs - lastWindowEndMs > SILENT_AFTER.toMillis()) {
            flags.add("silent");
        }
        if (peakCcu - ccuNow >= DROP_MIN_VIEWERS && 2 * ccuNow <= peakCcu) {
            flags.add("ccu-dropping");
        }
        return new RoomHealth(flags);
    }
}
