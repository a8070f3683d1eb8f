package io.livepulse.streaming.features;

import io.livepulse.models.features.Activity;
import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.AvroCodecException;

/**
 * A record as the source read it: the decoded event, or why it could not be decoded and its raw bytes.
 * Decoding happens in the source so that event-time watermarks are generated per Kafka partition.
 *
 * @param activity the event, or null when rejected
 * @param rejectReason why the bytes are not a LivePulse event, or null
 * @param raw the undecodable bytes (null when decoded)
 */
public record Decoded(Activity activity, String rejectReason, byte[] raw) {

    /** Never throws: bad bytes become a rejection with the codec's reason. */
    public static Decoded of(byte[] bytes) {
        if (bytes == null) {
            return new Decoded(null, "empty record (null value)", new byte[0]);
        }
        try {
            return new Decoded(Activity.from(AvroCodec.standard().decode(bytes)), null, null);
        } catch (AvroCodecException | IllegalArgumentException e) {
            return new Decoded(null, e.getMessage(), bytes);
        }
    }

    /** The event time, or {@code Long.MIN_VALUE} for a rejection (it never advances the watermark). */
    public long timeMs() {
        return activity == null ? Long.MIN_VALUE : activity.timeMs();
    }
}
