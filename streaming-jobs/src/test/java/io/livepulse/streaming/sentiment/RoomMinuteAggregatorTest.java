package io.livepulse.streaming.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.models.sentiment.AlertTopic;
import org.junit.jupiter.api.Test;

class RoomMinuteAggregatorTest {
    private static ScoredChat chat(String text, boolean negative) {
        return new ScoredChat("e-" + text, "r1", 0L, text, negative, negative ? -0.8 : 0.5);
    }

    @Test
    void theTopicIsThatOfMostNegativeMessagesAndSurvivesMerging() {
        var agg = new RoomMinuteAggregator(3);
        var a = agg.createAccumulator();
        agg.add(chat("卡死了 一直在缓冲", true), a);
        agg.add(chat("画质太糊了，又卡了", true), a);
        agg.add(chat("广告太多了", true), a);
        agg.add(chat("ads again", false), a); // not negative: not counted
        var b = agg.createAccumulator();
        agg.add(chat("又恰饭了", true), b);
        agg.add(chat("the ads are so long", true), b);
        agg.add(chat("今天好热", true), b);
        assertThat(a.topic()).isEqualTo(AlertTopic.TECHNICAL);
        assertThat(b.topic()).isEqualTo(AlertTopic.ADS);
        var merged = agg.merge(a, b);
        assertThat(merged.negativeTopics).containsEntry("TECHNICAL", 2).containsEntry("ADS", 3)
                .containsEntry("OTHER", 1);
        assertThat(merged.topic()).isEqualTo(AlertTopic.ADS);
    }

    @Test
    void aMinuteWithoutNegativeMessagesIsOther() {
        var agg = new RoomMinuteAggregator(3);
        var a = agg.createAccumulator();
        agg.add(chat("主播好棒", false), a);
        assertThat(a.topic()).isEqualTo(AlertTopic.OTHER);
    }
}
