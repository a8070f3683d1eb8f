package io.livepulse.streaming.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.LinearSentimentModel;
import io.livepulse.schemas.event.ChatKind;
import io.livepulse.schemas.event.ChatMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The running scoring operator picks up registry updates without a restart and survives a corrupt one. */
class ChatScorerTest {
    static final Path SHARED = Path.of(System.getProperty("livepulse.shared.data", "../../shared/data"));

    private static PlantedBurstFixture fixture;

    @BeforeAll
    static void loadCorpus() throws Exception {
        fixture = new PlantedBurstFixture(SHARED);
    }

    @Test
    void aNewRegistryVersionIsPickedUpWhileRunningAndACorruptOneKeepsThePreviousModel(@TempDir Path dir)
            throws Exception {
        var registry = new ModelRegistry(dir);
        fixture.registerModel(registry, "zh-test");
        fixture.registerModel(registry, "en-test");
        var d = SentimentJobConfig.defaults(dir.toString());
        var config = new SentimentJobConfig(d.registryRoot(), "zh-test", "en-test", Duration.ZERO,
                d.maxOutOfOrderness(), d.sourceIdleness(), d.rule(), d.topTerms(), d.sampleMessages(),
                d.roomStateTtl());
        var texts = new ArrayList<String>(fixture.negatives.subList(0, 30));
        texts.addAll(fixture.positives.subList(0, 30));

        try (var harness = new OneInputStreamOperatorTestHarness<>(new StreamMap<>(new ChatScorer(config)))) {
            harness.open();
            var v1 = negatives(harness, texts);
            long right = java.util.stream.IntStream.range(0, texts.size()).filter(i -> v1.get(i) == (i < 30)).count();
            assertThat(right).as("held-out reviews labelled right by version 1").isGreaterThanOrEqualTo(45);

            fixture.registerModel(registry, "zh-test", true);
            var v2 = negatives(harness, texts);
            assertThat(v2).as("version 2 (labels swapped) is in use").isEqualTo(v1.stream().map(n -> !n).toList());

            fixture.registerModel(registry, "zh-test", false);
            Files.writeString(dir.resolve("zh-test/3").resolve(LinearSentimentModel.PAYLOAD), "corrupt");
            assertThat(negatives(harness, texts)).as("corrupt version 3 rejected, version 2 still scores")
                    .isEqualTo(v2);

            fixture.registerModel(registry, "zh-test", false);
            assertThat(negatives(harness, texts)).as("version 4 is in use").isEqualTo(v1);
        }
    }

    private static List<Boolean> negatives(OneInputStreamOperatorTestHarness<ChatMessage, ScoredChat> harness,
            List<String> texts) throws Exception {
        harness.getOutput().clear();
        long t = 0;
        for (String text : texts) {
            harness.processElement(new StreamRecord<>(ChatMessage.newBuilder().setEventId("e" + t).setUserId("u")
                    .setRoomId("r").setEventTimeMs(t).setKind(ChatKind.CHAT).setText(text).build(), t));
            t++;
        }
        return harness.extractOutputValues().stream().map(ScoredChat::negative).toList();
    }
}
