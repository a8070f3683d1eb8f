package io.livepulse.streaming.features;

import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * A bounded source replaying pre-generated Avro-encoded events in order (decoded in the source, like the
 * Kafka source): for benchmarks without Kafka and for tests that need a fixed arrival order.
 */
public final class EncodedEventsSource {
    private EncodedEventsSource() {}

    /** All records as fast as possible. */
    public static DataGeneratorSource<Decoded> of(List<byte[]> records) {
        return of(records, RateLimiterStrategy.noOp());
    }

    /** All records, at most {@code rate} (e.g. {@code RateLimiterStrategy.perSecond(1000)}). */
    public static DataGeneratorSource<Decoded> of(List<byte[]> records, RateLimiterStrategy<?> rate) {
        byte[][] encoded = records.toArray(new byte[0][]);
        GeneratorFunction<Long, Decoded> decode = index -> Decoded.of(encoded[index.intValue()]);
        return new DataGeneratorSource<>(decode, encoded.length, rate, TypeInformation.of(Decoded.class));
    }
}
