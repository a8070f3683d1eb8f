package io.livepulse.streaming.sentiment;

import io.livepulse.schemas.event.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Turns chat that reached its room-minute window after the window closed into dead letters, counting them
 * ({@code tooLateChatMessages}). A window closes when the watermark (largest event time seen minus
 * {@code maxOutOfOrderness}) passes its end; the job allows no further lateness because an amended minute would
 * feed the spike detector's baseline twice. The payload is the message as JSON text (the job no longer holds the
 * Kafka bytes at this point).
 */
public final class LateChatDeadLetters extends RichMapFunction<ScoredChat, DeadLetter> {
    static final String SOURCE = "streaming:room-minute-sentiment";
    private static final long MINUTE_MS = 60_000L;

    private final Duration maxOutOfOrderness;
    private transient Counter tooLate;

    public LateChatDeadLetters(Duration maxOutOfOrderness) {
        this.maxOutOfOrderness = maxOutOfOrderness;
    }

    @Override
    public void open(OpenContext context) {
        tooLate = getRuntimeContext().getMetricGroup().counter("tooLateChatMessages");
    }

    @Override
    public DeadLetter map(ScoredChat late) {
        tooLate.inc();
        return deadLetter(late, maxOutOfOrderness, System.currentTimeMillis());
    }

    static DeadLetter deadLetter(ScoredChat late, Duration maxOutOfOrderness, long nowMs) {
        long windowStart = Math.floorDiv(late.eventTimeMs(), MINUTE_MS) * MINUTE_MS;
        return DeadLetter.newBuilder()
                .setSource(SOURCE)
                .setReason("chat at event time " + Instant.ofEpochMilli(late.eventTimeMs()) + " in room "
                        + late.roomId() + " arrived after its room-minute window [" + Instant.ofEpochMilli(windowStart)
                        + ", " + Instant.ofEpochMilli(windowStart + MINUTE_MS) + ") had closed (the watermark trails"
                        + " the largest event time by " + maxOutOfOrderness + " and no further lateness is allowed)")
                .setField("eventTimeMs")
                .setRawPayload(ByteBuffer.wrap(json(late).getBytes(StandardCharsets.UTF_8)))
                .setReceivedTimeMs(nowMs)
                .setEventType("ChatMessage")
                .build();
    }

    private static String json(ScoredChat c) {
        return "{\"eventId\":" + quoted(c.eventId()) + ",\"roomId\":" + quoted(c.roomId()) + ",\"eventTimeMs\":"
                + c.eventTimeMs() + ",\"text\":" + quoted(c.text()) + "}";
    }

    private static String quoted(String s) {
        if (s == null) {
            return "null";
        }
        var b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
