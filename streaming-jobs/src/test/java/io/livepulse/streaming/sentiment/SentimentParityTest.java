package io.livepulse.streaming.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.DenseHead;
import io.livepulse.models.sentiment.EncoderSentimentModel;
import io.livepulse.models.sentiment.LinearSentimentModel;
import io.livepulse.models.sentiment.PretrainedEncoder;
import io.livepulse.models.sentiment.SentenceEncoder;
import io.livepulse.models.sentiment.SentimentFixtures;
import io.livepulse.models.sentiment.SentimentLabel;
import io.livepulse.models.sentiment.SentimentScorer;
import io.livepulse.models.sentiment.TextCnnModel;
import io.livepulse.schemas.event.ChatKind;
import io.livepulse.schemas.event.ChatMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flink job's scoring operator gives every held-out SST-2 sentence the score (and the negative flag) that the
 * model's own {@code score}, the one the training job's evaluation calls, gives it: for a naive Bayes of the linear
 * kind and for a text CNN, which the operator picks up as a newer version while running and also opens with, and for
 * an encoder + dense head (the real all-MiniLM-L6-v2 through onnxruntime, in the task).
 */
class SentimentParityTest {
    private static List<String> heldOut;
    private static LinearSentimentModel linear;
    private static TextCnnModel cnn;

    @BeforeAll
    static void train() {
        var train = SentimentFixtures.sst2("train.tsv");
        heldOut = SentimentFixtures.sst2("test.tsv").stream().map(SentimentFixtures.Labelled::text).toList();
        linear = SentimentFixtures.naiveBayes(train);
        cnn = SentimentFixtures.textCnn(train, 7);
    }

    @Test
    void theStreamingScorerScoresLikeTheEvaluationForTheLinearKindAndThenForATextCnnVersion(@TempDir Path dir)
            throws Exception {
        var registry = new ModelRegistry(dir);
        SentimentFixtures.register(registry, "zh-test", linear);
        SentimentFixtures.register(registry, "en-test", linear);
        try (var harness = harness(dir)) {
            assertScoresLike(harness, linear);
            SentimentFixtures.register(registry, "zh-test", cnn);
            SentimentFixtures.register(registry, "en-test", cnn);
            assertScoresLike(harness, cnn);
        }
        long differ = heldOut.stream().filter(t -> linear.score(t).score() != cnn.score(t).score()).count();
        assertThat(differ).as("the text CNN is not the linear model").isGreaterThan(heldOut.size() / 2);
    }

    @Test
    void aTaskOpensWithATextCnnAsTheOnlyVersion(@TempDir Path dir) throws Exception {
        var registry = new ModelRegistry(dir);
        SentimentFixtures.register(registry, "zh-test", cnn);
        SentimentFixtures.register(registry, "en-test", cnn);
        try (var harness = harness(dir)) {
            assertScoresLike(harness, cnn);
        }
    }

    @Test
    void aTaskScoresWithAnEncoderHeadVersionLikeTheEncoderFeaturesThroughTheHead(@TempDir Path dir) throws Exception {
        var registry = new ModelRegistry(dir);
        DenseHead head = SentimentFixtures.encoderHead(11);
        SentimentFixtures.registerEncoderHead(registry, "zh-test", head);
        SentimentFixtures.registerEncoderHead(registry, "en-test", head);
        try (var harness = harness(dir); var encoder = new SentenceEncoder(PretrainedEncoder.MINILM_L6, 64)) {
            assertScoresLike(harness, heldOut.subList(0, 100), t -> head.score(EncoderSentimentModel.select(
                    encoder.encode(t), List.of("cls", "mean"), encoder.hidden())));
        }
    }

    private static void assertScoresLike(OneInputStreamOperatorTestHarness<ChatMessage, ScoredChat> harness,
            SentimentScorer evaluation) throws Exception {
        assertScoresLike(harness, heldOut, evaluation);
    }

    private static void assertScoresLike(OneInputStreamOperatorTestHarness<ChatMessage, ScoredChat> harness,
            List<String> heldOut, SentimentScorer evaluation) throws Exception {
        harness.getOutput().clear();
        long t = 0;
        for (String text : heldOut) {
            harness.processElement(new StreamRecord<>(ChatMessage.newBuilder().setEventId("e" + t).setUserId("u")
                    .setRoomId("r").setEventTimeMs(t).setKind(ChatKind.CHAT).setText(text).build(), t));
            t++;
        }
        var scored = harness.extractOutputValues();
        assertThat(scored).hasSize(heldOut.size());
        for (int i = 0; i < heldOut.size(); i++) {
            var expected = evaluation.score(heldOut.get(i));
            assertThat(scored.get(i).score()).as(heldOut.get(i)).isEqualTo(expected.score());
            assertThat(scored.get(i).negative()).as(heldOut.get(i))
                    .isEqualTo(expected.label() == SentimentLabel.NEGATIVE);
        }
    }

    private static OneInputStreamOperatorTestHarness<ChatMessage, ScoredChat> harness(Path registryRoot)
            throws Exception {
        var d = SentimentJobConfig.defaults(registryRoot.toString());
        var config = new SentimentJobConfig(d.registryRoot(), "zh-test", "en-test", Duration.ZERO,
                d.maxOutOfOrderness(), d.sourceIdleness(), d.rule(), d.topTerms(), d.sampleMessages(),
                d.roomStateTtl());
        var harness = new OneInputStreamOperatorTestHarness<>(new StreamMap<>(new ChatScorer(config)));
        harness.open();
        return harness;
    }
}
