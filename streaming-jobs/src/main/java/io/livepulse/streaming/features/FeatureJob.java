package io.livepulse.streaming.features;

import io.livepulse.models.features.Activity;
import io.livepulse.models.features.ActivityKind;
import io.livepulse.schemas.feature.ModelFit;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.schemas.feature.WatchSession;
import io.livepulse.streaming.StreamingConfig;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;

/**
 * The feature job: W, I, O and T per user and room, the seed-model fits, and live room metrics, from the
 * Avro-encoded events. Source and sinks are injected, so tests run the same graph on bounded input.
 *
 * <pre>
 * events (decoded in the source; watermarks per split: bounded out-of-orderness, idleness)
 *   -> DeadLetterRouter --undecodable--> dead letters
 *   -> keyBy room, then chained:
 *        -> WatchSessionizer (per user: session windows, heartbeat gap, allowed lateness) -> WatchSession
 *             --too late--> dead letters
 *             -> UserRoomFeatureFolder (per user) -> UserRoomFeatures
 *                  -> fit observations -> CategoryEnricher (+ room catalogue) -> SeedModelFitter -> ModelFit
 *        -> PanedRoomMetrics (sliding windows from panes, category from the catalogue) -> RoomMetrics
 *             --too late--> dead letters
 * </pre>
 */
public final class FeatureJob {
    static final OutputTag<Activity> LATE_FOR_SESSIONS = new OutputTag<>("late-for-sessions", ActivitySerializer.TYPE);
    static final OutputTag<Activity> LATE_FOR_ROOMS = new OutputTag<>("late-for-rooms", ActivitySerializer.TYPE);

    private final Source<Decoded, ?, ?> events;
    private final FeatureSinks sinks;
    private final StreamingConfig config;

    public FeatureJob(Source<Decoded, ?, ?> events, FeatureSinks sinks, StreamingConfig config) {
        this.events = events;
        this.sinks = sinks;
        this.config = config;
    }

    /**
     * Adds the job's operators to {@code env} without running it, and turns on object reuse for {@code env}: jobs
     * added to the same environment (the sentiment job in {@code StreamingMain}) must be safe under it too.
     */
    public void build(StreamExecutionEnvironment env) {
        // Safe: no operator changes its input or output after emitting it. The category enricher keeps inputs in
        // state and reads them from a keyed exchange, whose network input always deserializes a fresh object; the
        // sessionizer keeps sums of its inputs, not the inputs; the feature folder keeps the sessions the chained
        // sessionizer emits, which nothing changes after they are built. Chained operators then pass records on
        // without a copy.
        env.getConfig().enableObjectReuse();
        var params = config.features();
        var strategy = WatermarkStrategy.<Decoded>forBoundedOutOfOrderness(config.maxOutOfOrderness())
                .withTimestampAssigner((d, ts) -> d.timeMs())
                .withIdleness(config.sourceIdleness());
        var decoded = env.fromSource(events, strategy, "events").uid("events-source")
                .process(new DeadLetterRouter()).uid("dead-letter-router").name("route undecodable");
        // One keyed exchange, by room, for all of a room's operators: the room metrics, and each viewer's sessions and
        // features (PerUserOperator: keyed by room, a namespace per user). They are chained behind it, so every
        // event is serialized once in the source thread and deserialized once.
        var byRoom = decoded.keyBy(Activity::roomId).map(a -> a, ActivitySerializer.TYPE)
                .uid("by-room").name("by room");
        var sessionEvents = byRoom.filter(a -> a.kind().sessionScoped()).uid("session-events").name("session events");
        var sessions = DataStreamUtils.reinterpretAsKeyedStream(sessionEvents, Activity::roomId, Types.STRING)
                .transform("watch sessions", new AvroTypeInfo<>(WatchSession.class), new WatchSessionizer(
                        params.heartbeatGap(), config.allowedLateness(), params.k(), LATE_FOR_SESSIONS))
                .uid("room-watch-sessions");
        var features = DataStreamUtils.reinterpretAsKeyedStream(sessions, WatchSession::getRoomId, Types.STRING)
                .transform("user-room features", new AvroTypeInfo<>(UserRoomFeatures.class),
                        new UserRoomFeatureFolder(config.featureRetention()))
                .uid("room-user-room-features");
        var rooms = decoded.filter(a -> a.kind() == ActivityKind.ROOM).uid("room-catalogue").name("room catalogue");
        var fits = features.getSideOutput(UserRoomFeatureFolder.FIT_OBSERVATIONS)
                .keyBy(FitObservation::roomId)
                .connect(rooms.keyBy(Activity::roomId))
                .process(new CategoryEnricher(config.allowedLateness().plus(params.heartbeatGap())),
                        FitObservationSerializer.TYPE)
                .uid("fit-categories").name("fit categories")
                .keyBy(FitObservation::scope)
                .process(new SeedModelFitter(config.fitInterval()), new AvroTypeInfo<>(ModelFit.class))
                .uid("seed-model-fits").name("seed-model fits");

        var roomMetrics = DataStreamUtils.reinterpretAsKeyedStream(byRoom, Activity::roomId, Types.STRING)
                .process(new PanedRoomMetrics(params, config.allowedLateness(), LATE_FOR_ROOMS),
                        new AvroTypeInfo<>(RoomMetrics.class))
                .uid("room-metrics").name("room metrics");

        var deadLetters = decoded.getSideOutput(DeadLetterRouter.REJECTED)
                .union(sessions.getSideOutput(LATE_FOR_SESSIONS)
                                .map(new DeadLetterRecords("watch-sessions", config.allowedLateness()), DeadLetterRecords.TYPE)
                                .uid("late-session-events").name("late session events"),
                        roomMetrics.getSideOutput(LATE_FOR_ROOMS)
                                .map(new DeadLetterRecords("room-metrics", config.allowedLateness()), DeadLetterRecords.TYPE)
                                .uid("late-room-events").name("late room events"));

        sinkAll(features, sinks.userRoomFeatures(), "user-room-features");
        sinkAll(roomMetrics, sinks.roomMetrics(), "room-metrics");
        sinkAll(fits, sinks.modelFits(), "model-fits");
        sinkAll(sessions, sinks.watchSessions(), "watch-sessions");
        sinkAll(deadLetters, sinks.deadLetters(), "dead-letters");
    }

    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.execute("livepulse-features");
    }

    private static <T> void sinkAll(DataStream<T> stream, List<Sink<T>> targets, String name) {
        for (int i = 0; i < targets.size(); i++) {
            stream.sinkTo(targets.get(i)).uid(name + "-sink-" + i).name(name + " sink " + i);
        }
    }
}
