package io.livepulse.ingestion.feed;

/**
 * How fast a feed sends: a fixed rate in events/s, the events' own times sped up by a factor, or as fast as
 * possible.
 */
public record Pacing(double eventsPerSecond, double compression) {

    public static Pacing asFastAsPossible() {
        return new Pacing(0, 0);
    }

    public static Pacing rate(double eventsPerSecond) {
        if (!(eventsPerSecond >= 0)) {
            throw new IllegalArgumentException("rate must be >= 0 events/s (0 = as fast as possible)");
        }
        return new Pacing(eventsPerSecond, 0);
    }

    /** Event time runs {@code factor} times faster than the wall clock (60 = an hour of log per minute). */
    public static Pacing compressed(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("compression factor must be > 0");
        }
        return new Pacing(0, factor);
    }

    /** Nanoseconds after the start at which event number {@code n} (event time {@code t}) is due. */
    long dueNanos(long n, long eventTimeMs, long firstEventTimeMs) {
        if (eventsPerSecond > 0) {
            return (long) (n * 1e9 / eventsPerSecond);
        }
        if (compression > 0) {
            return (long) ((eventTimeMs - firstEventTimeMs) * 1e6 / compression);
        }
        return 0;
    }

    public String describe() {
        return eventsPerSecond > 0 ? String.format("%.0f events/s", eventsPerSecond)
                : compression > 0 ? String.format("event time x%.0f", compression) : "as fast as possible";
    }
}
