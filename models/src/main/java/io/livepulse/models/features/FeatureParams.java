package io.livepulse.models.features;

import java.io.Serializable;
import java.time.Duration;

/**
 * The parameters of the feature definitions, shared by the Flink job and {@link FeatureReference}.
 *
 * @param heartbeatGap a session ends after this long without an event of the user in the room
 * @param k the constant of {@code T = k*log2(V)/R}
 * @param roomWindowSize length of the room-metrics sliding window
 * @param roomWindowSlide how often a room-metrics window starts
 */
public record FeatureParams(Duration heartbeatGap, double k, Duration roomWindowSize, Duration roomWindowSlide)
        implements Serializable {

    /** Scope of the fit over every session. */
    public static final String GLOBAL_SCOPE = "global";
    /** Category of rooms with no catalogue event yet. */
    public static final String UNKNOWN_CATEGORY = "unknown";

    public FeatureParams {
        if (heartbeatGap.isNegative() || heartbeatGap.isZero()) {
            throw new IllegalArgumentException("heartbeatGap must be positive, got " + heartbeatGap);
        }
        if (roomWindowSlide.isNegative() || roomWindowSlide.isZero()
                || roomWindowSize.toMillis() % roomWindowSlide.toMillis() != 0) {
            throw new IllegalArgumentException("roomWindowSize (" + roomWindowSize
                    + ") must be a positive multiple of roomWindowSlide (" + roomWindowSlide + ")");
        }
    }
}
