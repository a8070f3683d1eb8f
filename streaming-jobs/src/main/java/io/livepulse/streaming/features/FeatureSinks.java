package io.livepulse.streaming.features;

import io.livepulse.schemas.event.DeadLetter;
import io.livepulse.schemas.feature.ModelFit;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.schemas.feature.WatchSession;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;

/** Where each output of {@link FeatureJob} goes; each list may hold several sinks (Kafka and Parquet) or none. */
public record FeatureSinks(
        List<Sink<UserRoomFeatures>> userRoomFeatures,
        List<Sink<RoomMetrics>> roomMetrics,
        List<Sink<ModelFit>> modelFits,
        List<Sink<WatchSession>> watchSessions,
        List<Sink<DeadLetter>> deadLetters) {

    /** Both sets of sinks together. */
    public FeatureSinks and(FeatureSinks other) {
        return new FeatureSinks(concat(userRoomFeatures, other.userRoomFeatures), concat(roomMetrics, other.roomMetrics),
                concat(modelFits, other.modelFits), concat(watchSessions, other.watchSessions),
                concat(deadLetters, other.deadLetters));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
