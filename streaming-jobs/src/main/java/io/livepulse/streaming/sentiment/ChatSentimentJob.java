package io.livepulse.streaming.sentiment;

import io.livepulse.schemas.event.ChatMessage;
import io.livepulse.schemas.event.DeadLetter;
import io.livepulse.schemas.feature.RoomSentiment;
import io.livepulse.schemas.feature.SentimentAlert;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * Chat and danmaku sentiment per room per minute, and negative-spike alerts.
 *
 * <pre>
 * chats -> ChatScorer (registry models, hot reload) -> keyBy room -> 1-minute event-time windows
 *       -> RoomMinute -> RoomSentiment sinks
 *                     -> keyBy room -> NegativeSpikeDetector (EWMA + z-score + minimum volume) -> alert sinks
 *       late chat (window already closed) -> LateChatDeadLetters -> dead-letter sinks
 * </pre>
 *
 * Source, sinks and config are injected; {@link #addTo} lets one environment run it beside other jobs.
 *
 * <pre>{@code
 * new ChatSentimentJob(kafkaChatSource, List.of(roomSentimentKafkaSink, roomSentimentParquetSink),
 *         List.of(alertKafkaSink, alertParquetSink), List.of(deadLetterKafkaSink),
 *         SentimentJobConfig.defaults(dataDir + "/models"))
 *         .execute(StreamExecutionEnvironment.getExecutionEnvironment());
 * }</pre>
 */
public final class ChatSentimentJob {
    static final OutputTag<ScoredChat> LATE_CHAT = new OutputTag<>("late-chat") {};

    private final Source<ChatMessage, ?, ?> chats;
    private final List<Sink<RoomSentiment>> roomSinks;
    private final List<Sink<SentimentAlert>> alertSinks;
    private final List<Sink<DeadLetter>> deadLetterSinks;
    private final SentimentJobConfig config;

    public ChatSentimentJob(Source<ChatMessage, ?, ?> chats, List<Sink<RoomSentiment>> roomSinks,
            List<Sink<SentimentAlert>> alertSinks, List<Sink<DeadLetter>> deadLetterSinks, SentimentJobConfig config) {
        this.chats = chats;
        this.roomSinks = List.copyOf(roomSinks);
        this.alertSinks = List.copyOf(alertSinks);
        this.deadLetterSinks = List.copyOf(deadLetterSinks);
        this.config = config;
    }

    /** Adds the job's operators to {@code env}; returns the alert stream. */
    public DataStream<SentimentAlert> addTo(StreamExecutionEnvironment env) {
        var wm = WatermarkStrategy.<ChatMessage>forBoundedOutOfOrderness(config.maxOutOfOrderness())
                .withTimestampAssigner((m, ts) -> m.getEventTimeMs())
                .withIdleness(config.sourceIdleness());
        SingleOutputStreamOperator<RoomMinute> minutes = env.fromSource(chats, wm, "chat-messages",
                        new AvroTypeInfo<>(ChatMessage.class))
                .uid("chat-messages")
                .map(new ChatScorer(config)).uid("chat-scorer").name("chat-scorer")
                .keyBy(ScoredChat::roomId)
                .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
                .sideOutputLateData(LATE_CHAT)
                .aggregate(new RoomMinuteAggregator(config.sampleMessages()), new RoomMinuteWindow(config.topTerms()))
                .uid("room-minute-sentiment").name("room-minute-sentiment");
        DataStream<DeadLetter> late = minutes.getSideOutput(LATE_CHAT)
                .map(new LateChatDeadLetters(config.maxOutOfOrderness()))
                .returns(new AvroTypeInfo<>(DeadLetter.class))
                .uid("late-chat-dead-letters").name("late-chat-dead-letters");
        for (int i = 0; i < deadLetterSinks.size(); i++) {
            late.sinkTo(deadLetterSinks.get(i)).uid("late-chat-sink-" + i);
        }
        DataStream<RoomSentiment> rooms = minutes.map(RoomMinute::toRoomSentiment)
                .returns(new AvroTypeInfo<>(RoomSentiment.class))
                .uid("room-sentiment").name("room-sentiment");
        for (int i = 0; i < roomSinks.size(); i++) {
            rooms.sinkTo(roomSinks.get(i)).uid("room-sentiment-sink-" + i);
        }
        DataStream<SentimentAlert> alerts = minutes.keyBy(RoomMinute::roomId)
                .process(new NegativeSpikeDetector(config.rule(), config.roomStateTtl()))
                .returns(new AvroTypeInfo<>(SentimentAlert.class))
                .uid("negative-spike-detector").name("negative-spike-detector");
        for (int i = 0; i < alertSinks.size(); i++) {
            alerts.sinkTo(alertSinks.get(i)).uid("sentiment-alert-sink-" + i);
        }
        return alerts;
    }

    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        addTo(env);
        return env.execute("livepulse-chat-sentiment");
    }
}
