package io.livepulse.streaming.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.RegistryException;
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

/**
 * The scoring operator picks up registry updates without a restart and survives a corrupt version, while running
 * and when it (re)starts. The models are naive Bayes counted from 80 % of waimai_10k; the texts are held-out reviews.
 */
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
        var config = config(dir, Duration.ZERO);
        var texts = new ArrayList<String>(fixture.negatives.subList(0, 30));
        texts.addAll(fixture.positives.subList(0, 30));

        try (var harness = harness(config)) {
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

    @Test
    void aTaskThatStartsWhileTheLatestVersionIsCorruptScoresWithTheNewestThatVerifies(@TempDir Path dir)
            throws Exception {
        var registry = new ModelRegistry(dir);
        fixture.registerModel(registry, "zh-test");
        fixture.registerModel(registry, "en-test");
        var config = config(dir, Duration.ZERO);
        var texts = new ArrayList<String>(fixture.negatives.subList(0, 20));
        texts.addAll(fixture.positives.subList(0, 20));
        List<Boolean> v1;
        try (var harness = harness(config)) {
            v1 = negatives(harness, texts);
        }
        fixture.registerModel(registry, "zh-test", true);
        Files.writeString(dir.resolve("zh-test/2").resolve(LinearSentimentModel.PAYLOAD), "corrupt");

        try (var restarted = harness(config)) {
            assertThat(negatives(restarted, texts)).as("version 1 scores; corrupt version 2 is skipped").isEqualTo(v1);
            fixture.registerModel(registry, "zh-test", true);
            assertThat(negatives(restarted, texts)).as("version 3 (labels swapped) is picked up")
                    .isEqualTo(v1.stream().map(n -> !n).toList());
        }
    }

    @Test
    void noLoadableVersionFailsTheTaskSayingWhatToRun(@TempDir Path dir) throws Exception {
        var registry = new ModelRegistry(dir);
        fixture.registerModel(registry, "zh-test");
        Files.writeString(dir.resolve("zh-test/1").resolve(LinearSentimentModel.PAYLOAD), "corrupt");
        fixture.registerModel(registry, "en-test");
        try (var harness = new OneInputStreamOperatorTestHarness<>(
                new StreamMap<>(new ChatScorer(config(dir, Duration.ZERO))))) {
            assertThatThrownBy(harness::open).isInstanceOf(RegistryException.class)
                    .hasMessageContaining("zh-test").hasMessageContaining("./livepulse train sentiment");
        }
    }

    private static SentimentJobConfig config(Path registryRoot, Duration modelCheckInterval) {
        var d = SentimentJobConfig.defaults(registryRoot.toString());
        return new SentimentJobConfig(d.registryRoot(), "zh-test", "en-test", modelCheckInterval,
                d.maxOutOfOrderness(), d.sourceIdleness(), d.rule(), d.topTerms(), d.sampleMessages(),
                d.roomStateTtl());
    }

    /** An opened harness around a new ChatScorer: what a task does when it (re)starts. */
    private static OneInputStreamOperatorTestHarness<ChatMessage, ScoredChat> harness(SentimentJobConfig config)
            throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<>(new StreamMap<>(new ChatScorer(config)));
        harness.open();
        return harness;
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
