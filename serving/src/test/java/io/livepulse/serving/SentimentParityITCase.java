package io.livepulse.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.DenseHead;
import io.livepulse.models.sentiment.EncoderSentimentModel;
import io.livepulse.models.sentiment.LinearSentimentModel;
import io.livepulse.models.sentiment.PretrainedEncoder;
import io.livepulse.models.sentiment.SentenceEncoder;
import io.livepulse.models.sentiment.SentimentFixtures;
import io.livepulse.models.sentiment.SentimentScorer;
import io.livepulse.models.sentiment.TextCnnModel;
import io.livepulse.platform.testing.KafkaBrokerExtension;
import io.livepulse.serving.auth.ApiKeys;
import io.livepulse.serving.auth.Role;
import io.livepulse.serving.model.ModelKinds;
import io.livepulse.serving.model.ModelSlot;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/sentiment} over real HTTP labels and scores every held-out SST-2 sentence exactly as the model's own
 * {@code score}, the one the training job's evaluation calls: a naive Bayes of the linear kind, then a text CNN
 * registered as the next version (swapped in while serving), then an encoder + dense head (the real all-MiniLM-L6-v2
 * through onnxruntime; scored like the encoder's features through the head), with the production loader
 * {@link ModelKinds#sentiment}.
 */
class SentimentParityITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static final String PLATFORM = "platform-key";
    static final String EN = "sentiment-sst2-parity";
    static final String ZH = "sentiment-zh-parity";

    @Test
    void servedLabelsAndScoresEqualTheEvaluationsForTheLinearKindAndForATextCnn(@TempDir Path dir) throws Exception {
        var train = SentimentFixtures.sst2("train.tsv");
        var heldOut = SentimentFixtures.sst2("test.tsv").stream().map(SentimentFixtures.Labelled::text).toList();
        LinearSentimentModel linear = SentimentFixtures.naiveBayes(train);
        TextCnnModel cnn = SentimentFixtures.textCnn(train, 7);

        var config = ServingFixture.config(KAFKA.bootstrapServers(), dir.resolve("data"),
                Map.of("serving.sentiment-model-en", EN, "serving.sentiment-model-zh", ZH));
        var registry = new ModelRegistry(config.registryRoot());
        // SST-2 is English; the Chinese slot gets the same model in case a sentence is routed there.
        SentimentFixtures.register(registry, EN, linear);
        SentimentFixtures.register(registry, ZH, linear);
        var keys = ApiKeys.none().with("platform", Set.of(Role.PLATFORM), PLATFORM);
        try (var server = ServingServer.start(config, keys, ModelKinds.recommenders(), ModelKinds.sentiment(),
                Clock.systemUTC())) {
            awaitVersion(server, 1);
            assertServedLike(server, heldOut, linear, 1);

            SentimentFixtures.register(registry, EN, cnn);
            SentimentFixtures.register(registry, ZH, cnn);
            awaitVersion(server, 2);
            assertThat(server.watcher().lastRejection(ServingConfig.SENTIMENT_EN_TASK)).isNull();
            assertServedLike(server, heldOut, cnn, 2);

            DenseHead head = SentimentFixtures.encoderHead(11);
            SentimentFixtures.registerEncoderHead(registry, EN, head);
            SentimentFixtures.registerEncoderHead(registry, ZH, head);
            awaitVersion(server, 3);
            try (var encoder = new SentenceEncoder(PretrainedEncoder.MINILM_L6, 64)) {
                assertServedLike(server, heldOut.subList(0, 200), t -> head.score(EncoderSentimentModel.select(
                        encoder.encode(t), List.of("cls", "mean"), encoder.hidden())), 3);
            }
        }
        long differ = heldOut.stream().filter(t -> linear.score(t).score() != cnn.score(t).score()).count();
        assertThat(differ).as("the text CNN is not the linear model").isGreaterThan(heldOut.size() / 2);
    }

    private static void awaitVersion(ServingServer server, int version) {
        ServingFixture.await("sentiment models at version " + version + " (last rejection: "
                + server.watcher().lastRejection(ServingConfig.SENTIMENT_EN_TASK) + ")", () -> server.watcher().slots().stream()
                .filter(s -> s.name().equals(ServingConfig.SENTIMENT_EN_TASK) || s.name().equals(ServingConfig.SENTIMENT_ZH_TASK))
                .mapToInt(ModelSlot::version)
                .allMatch(v -> v == version) || server.watcher().lastRejection(ServingConfig.SENTIMENT_EN_TASK) != null);
        assertThat(server.watcher().lastRejection(ServingConfig.SENTIMENT_EN_TASK)).as("rejected by serving").isNull();
    }

    private static void assertServedLike(ServingServer server, List<String> texts, SentimentScorer evaluation,
            int version) throws Exception {
        for (int from = 0; from < texts.size(); from += 500) {
            var batch = texts.subList(from, Math.min(texts.size(), from + 500));
            var body = ServingFixture.JSON.writeValueAsString(Map.of("texts", batch));
            var answer = ServingFixture.call(server.port(), "POST", "/v1/sentiment", PLATFORM, body);
            assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
            var results = new ArrayList<JsonNode>();
            answer.body().get("results").forEach(results::add);
            assertThat(results).hasSize(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                var expected = evaluation.score(batch.get(i));
                var served = results.get(i);
                assertThat(served.get("label").asText()).as(batch.get(i))
                        .isEqualTo(expected.label().name().toLowerCase(Locale.ROOT));
                assertThat(served.get("score").asDouble()).as(batch.get(i)).isEqualTo(expected.score());
                assertThat(served.get("modelVersion").asInt()).isEqualTo(version);
            }
        }
    }
}
