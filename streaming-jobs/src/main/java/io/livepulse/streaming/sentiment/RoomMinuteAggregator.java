package io.livepulse.streaming.sentiment;

import io.livepulse.models.sentiment.AlertTopic;
import io.livepulse.models.sentiment.SalientTerms;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Counts, score sum, negative-term counts, negative-message topic counts ({@link AlertTopic}) and the first negative
 * messages of one room-minute.
 */
public final class RoomMinuteAggregator
        implements AggregateFunction<ScoredChat, RoomMinuteAggregator.Acc, RoomMinuteAggregator.Acc> {

    /** The running aggregate (a Flink POJO). */
    public static final class Acc {
        public int messages;
        public int negatives;
        public double scoreSum;
        public HashMap<String, Integer> negativeTerms = new HashMap<>();
        public ArrayList<String> samples = new ArrayList<>();
        /** Negative messages per {@link AlertTopic} name. */
        public HashMap<String, Integer> negativeTopics = new HashMap<>();

        /** The topic most negative messages are about ({@link AlertTopic#dominant}). */
        public AlertTopic topic() {
            var counts = new java.util.EnumMap<AlertTopic, Integer>(AlertTopic.class);
            negativeTopics.forEach((k, v) -> counts.put(AlertTopic.valueOf(k), v));
            return AlertTopic.dominant(counts);
        }

        /** Terms by count (desc), then alphabetically, at most {@code n}. */
        public List<String> topTerms(int n) {
            return negativeTerms.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(n)
                    .map(Map.Entry::getKey)
                    .toList();
        }
    }

    private static final int MAX_TERMS = 2_000;
    private final int maxSamples;

    public RoomMinuteAggregator(int maxSamples) {
        this.maxSamples = maxSamples;
    }

    @Override
    public Acc createAccumulator() {
        return new Acc();
    }

    @Override
    public Acc add(ScoredChat chat, Acc acc) {
        acc.messages++;
        acc.scoreSum += chat.score();
        if (chat.negative()) {
            acc.negatives++;
            if (acc.samples.size() < maxSamples) {
                acc.samples.add(chat.text());
            }
            acc.negativeTopics.merge(AlertTopic.of(chat.text()).name(), 1, Integer::sum);
            for (String t : SalientTerms.of(chat.text())) {
                if (acc.negativeTerms.size() < MAX_TERMS || acc.negativeTerms.containsKey(t)) {
                    acc.negativeTerms.merge(t, 1, Integer::sum);
                }
            }
        }
        return acc;
    }

    @Override
    public Acc getResult(Acc acc) {
        return acc;
    }

    @Override
    public Acc merge(Acc a, Acc b) {
        a.messages += b.messages;
        a.negatives += b.negatives;
        a.scoreSum += b.scoreSum;
        b.negativeTerms.forEach((k, v) -> a.negativeTerms.merge(k, v, Integer::sum));
        b.negativeTopics.forEach((k, v) -> a.negativeTopics.merge(k, v, Integer::sum));
        for (String s : b.samples) {
            if (a.samples.size() < maxSamples) {
                a.samples.add(s);
            }
        }
        return a;
    }
}
