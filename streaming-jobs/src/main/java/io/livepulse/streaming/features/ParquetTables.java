package io.livepulse.streaming.features;

import io.livepulse.schemas.feature.ModelFit;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.schemas.feature.WatchSession;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.formats.parquet.avro.AvroParquetWriters;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * The offline tables: Parquet files under {@code <root>/<table>/date=YYYY-MM-DD/hour=HH/}, partitioned by the
 * record's event time (UTC), committed at checkpoints (exactly once). Tables: {@code user_room_features},
 * {@code room_metrics}, {@code model_fits}, {@code watch_sessions}.
 */
public final class ParquetTables {
    private ParquetTables() {}

    public static FeatureSinks sinks(Path root) {
        return new FeatureSinks(
                List.of(table(root, "user_room_features", UserRoomFeatures.class, UserRoomFeatures::getLastEventTimeMs)),
                List.of(table(root, "room_metrics", RoomMetrics.class, RoomMetrics::getWindowStartMs)),
                List.of(table(root, "model_fits", ModelFit.class, ModelFit::getEmittedTimeMs)),
                List.of(table(root, "watch_sessions", WatchSession.class, WatchSession::getStartTimeMs)),
                List.of());
    }

    /** A serializable event-time accessor. */
    public interface TimeOf<T> extends Serializable {
        long timeMs(T record);
    }

    /** A Parquet table of {@code type} under {@code root/name}, partitioned by the record's event time. */
    public static <T extends SpecificRecordBase> FileSink<T> table(Path root, String name, Class<T> type,
            TimeOf<T> timeOf) {
        return FileSink.forBulkFormat(
                        new org.apache.flink.core.fs.Path(root.resolve(name).toUri()),
                        AvroParquetWriters.forSpecificRecord(type))
                .withBucketAssigner(new DateHourBuckets<>(timeOf))
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".parquet").build())
                .build();
    }

    /** {@code date=YYYY-MM-DD/hour=HH} of the record's event time, UTC. */
    static final class DateHourBuckets<T> implements BucketAssigner<T, String> {
        private static final DateTimeFormatter FORMAT =
                DateTimeFormatter.ofPattern("'date='yyyy-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);
        private final TimeOf<T> timeOf;

        DateHourBuckets(TimeOf<T> timeOf) {
            this.timeOf = timeOf;
        }

        @Override
        public String getBucketId(T element, Context context) {
            return bucketOf(timeOf.timeMs(element));
        }

        static String bucketOf(long timeMs) {
            return FORMAT.format(Instant.ofEpochMilli(timeMs));
        }

        @Override
        public SimpleVersionedSerializer<String> getSerializer() {
            return SimpleVersionedStringSerializer.INSTANCE;
        }
    }
}
