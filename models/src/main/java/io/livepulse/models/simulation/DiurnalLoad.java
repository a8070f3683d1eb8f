package io.livepulse.models.simulation;

/**
 * The daily load curve of a live platform: quiet in the morning, peaking in the evening. Relative to the daily
 * mean, so the curve averages 1 over a day.
 */
public final class DiurnalLoad {
    /** Hour of the peak (local platform time). */
    public static final double PEAK_HOUR = 21.0;
    private static final double AMPLITUDE = 0.7;

    private DiurnalLoad() {}

    /** The load at {@code hourOfDay} (0 to 24) relative to the daily mean: from 0.3 at 09:00 to 1.7 at 21:00. */
    public static double relativeLoad(double hourOfDay) {
        return 1.0 + AMPLITUDE * Math.cos(2 * Math.PI * (hourOfDay - PEAK_HOUR) / 24.0);
    }
}
