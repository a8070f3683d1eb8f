package io.livepulse.streaming.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LateChatDeadLettersTest {
    @Test
    void deadLetterNamesTheClosedWindowAndKeepsTheMessageAsValidJson() {
        var late = new ScoredChat("e\"1", "room-9", 1_767_225_661_000L, "坏 \"quoted\"\nline\\end\u0001", true, -0.8);
        var d = LateChatDeadLetters.deadLetter(late, Duration.ofSeconds(5), 42L);
        assertThat(d.getSource()).isEqualTo("streaming:room-minute-sentiment");
        assertThat(d.getReason()).contains("room-9").contains("2026-01-01T00:01:01Z")
                .contains("[2026-01-01T00:01:00Z, 2026-01-01T00:02:00Z)").contains("PT5S");
        assertThat(d.getReceivedTimeMs()).isEqualTo(42L);
        assertThat(d.getEventType()).isEqualTo("ChatMessage");
        assertThat(new String(d.getRawPayload().array(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"eventId\":\"e\\\"1\",\"roomId\":\"room-9\",\"eventTimeMs\":1767225661000,"
                        + "\"text\":\"坏 \\\"quoted\\\"\\nline\\\\end\\u0001\"}");
    }
}
