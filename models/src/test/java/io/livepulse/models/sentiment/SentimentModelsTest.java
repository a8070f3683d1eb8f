package io.livepulse.models.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.livepulse.models.registry.ModelManifest;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.RegistryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every sentiment kind is read through the one lookup and scores as the model it was written from. */
class SentimentModelsTest {
    private static List<SentimentFixtures.Labelled> train;
    private static List<String> heldOut;
    private static LinearSentimentModel linear;
    private static TextCnnModel cnn;

    @TempDir
    Path root;

    @BeforeAll
    static void train() {
        train = SentimentFixtures.sst2("train.tsv");
        heldOut = SentimentFixtures.sst2("test.tsv").stream().limit(300).map(SentimentFixtures.Labelled::text).toList();
        linear = SentimentFixtures.naiveBayes(train);
        cnn = SentimentFixtures.textCnn(train, 7);
    }

    @Test
    void linearAndTextCnnVersionsScoreExactlyAsTheModelsTheyWereWrittenFrom() {
        var registry = new ModelRegistry(root);
        var nbVersion = SentimentFixtures.register(registry, "sentiment-sst2-nb", linear);
        var cnnVersion = SentimentFixtures.register(registry, "sentiment-sst2-cnn", cnn);
        try (var lr = SentimentModels.load(registry, nbVersion); var tc = SentimentModels.load(registry, cnnVersion)) {
            assertThat(lr.manifest().kind()).isEqualTo(LinearSentimentModel.KIND);
            assertThat(tc.manifest().kind()).isEqualTo(TextCnnModel.KIND);
            assertThat(tc.classes()).isEqualTo(SentimentFixtures.BINARY);
            for (String t : heldOut) {
                assertThat(lr.score(t)).as(t).isEqualTo(linear.score(t));
                assertThat(tc.score(t)).as(t).isEqualTo(cnn.score(t));
                assertThat(tc.probabilities(t)).isEqualTo(cnn.probabilities(t));
            }
            assertThat(tc.scoreAll(heldOut)).isEqualTo(heldOut.stream().map(cnn::score).toList());
            assertThat(lr.tokenCount("a fine , funny film")).isPositive();
            assertThat(lr.runsEncoder()).isFalse();
            long disagree = heldOut.stream().filter(t -> lr.score(t).label() != tc.score(t).label()).count();
            assertThat(disagree).as("the two fixtures are different models").isPositive();
        }
    }

    @Test
    void anEnsembleLoadsItsMembersThroughTheSameLookupAndAveragesThem() {
        var registry = new ModelRegistry(root);
        var lr = SentimentFixtures.register(registry, "sentiment-sst2-lr", linear);
        var tc = SentimentFixtures.register(registry, "sentiment-sst2-cnn", cnn);
        var members = List.of(new EnsembleSentimentModel.Member(lr.manifest().name(), 1, 0.25),
                new EnsembleSentimentModel.Member(tc.manifest().name(), 1, 0.75));
        var ens = registry.write(new ModelRegistry.Draft("sentiment-sst2-ens", EnsembleSentimentModel.KIND, Map.of(),
                Map.of(), Map.of()), dir -> EnsembleSentimentModel.write(members, dir));
        try (var model = SentimentModels.load(registry, ens)) {
            assertThat(model).isInstanceOf(EnsembleSentimentModel.class);
            for (String t : heldOut) {
                double[] a = linear.probabilities(linear.vectorizer().vectorize(t));
                double[] b = cnn.probabilities(t);
                assertThat(model.probabilities(t)).containsExactly(new double[] {0.25 * a[0] + 0.75 * b[0],
                        0.25 * a[1] + 0.75 * b[1]}, within(1e-12));
            }
            assertThat(model.tokenCount("a fine film"))
                    .isEqualTo(PlainSentimentModel.of(lr.manifest(), linear).tokenCount("a fine film") + 3);
        }
    }

    @Test
    void anEnsembleWithATemperatureRescalesTheWeightedMeanAsTrainingComputedIt() {
        var registry = new ModelRegistry(root);
        var lr = SentimentFixtures.register(registry, "sentiment-sst2-lr", linear);
        var tc = SentimentFixtures.register(registry, "sentiment-sst2-cnn", cnn);
        var members = List.of(new EnsembleSentimentModel.Member(lr.manifest().name(), 1, 0.4),
                new EnsembleSentimentModel.Member(tc.manifest().name(), 1, 0.6));
        double temperature = 0.37;
        var ens = registry.write(new ModelRegistry.Draft("sentiment-sst2-ens", EnsembleSentimentModel.KIND, Map.of(),
                Map.of(), Map.of()), dir -> EnsembleSentimentModel.write(members, temperature, dir));
        try (var model = SentimentModels.load(registry, ens)) {
            assertThat(((EnsembleSentimentModel) model).temperature()).isEqualTo(temperature);
            for (String t : heldOut) {
                double[] a = linear.probabilities(linear.vectorizer().vectorize(t));
                double[] b = cnn.probabilities(t);
                double neg = Math.pow(0.4 * a[0] + 0.6 * b[0], 1 / temperature);
                double pos = Math.pow(0.4 * a[1] + 0.6 * b[1], 1 / temperature);
                assertThat(model.probabilities(t)).containsExactly(new double[] {neg / (neg + pos),
                        pos / (neg + pos)}, within(1e-9));
            }
        }
    }

    @Test
    void scoresTheWeightedMeanOfItsMembersAndClosesThem() {
        var closed = new AtomicInteger();
        var model = new EnsembleSentimentModel(null, List.of(new EnsembleSentimentModel.Member("a", 1, 0.75),
                new EnsembleSentimentModel.Member("b", 1, 0.25)), List.of(fixed(new double[] {0.2, 0.8}, closed),
                fixed(new double[] {1.0, 0.0}, closed)));
        assertThat(model.probabilities("x")).containsExactly(new double[] {0.4, 0.6}, within(1e-12));
        assertThat(model.score("x").label()).isEqualTo(SentimentLabel.POSITIVE);
        assertThat(model.score("x").score()).isCloseTo(0.2, within(1e-12));
        model.close();
        assertThat(closed).hasValue(2);
    }

    @Test
    void malformedPayloadMissingMemberOrNestedEnsembleIsARegistryError() {
        var registry = new ModelRegistry(root);
        var malformed = registry.write(new ModelRegistry.Draft("sentiment-x-ens", EnsembleSentimentModel.KIND, Map.of(),
                Map.of(), Map.of()), d -> Files.writeString(d.resolve(EnsembleSentimentModel.PAYLOAD),
                "sentiment-x-cnn one 0.5\n"));
        assertThatThrownBy(() -> SentimentModels.load(registry, malformed)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("malformed ensemble payload");
        var missing = registry.write(new ModelRegistry.Draft("sentiment-x-ens", EnsembleSentimentModel.KIND, Map.of(),
                Map.of(), Map.of()), d -> Files.writeString(d.resolve(EnsembleSentimentModel.PAYLOAD),
                "sentiment-x-cnn 3 0.5\n"));
        assertThatThrownBy(() -> SentimentModels.load(registry, missing)).isInstanceOf(RegistryException.class);
        var nested = registry.write(new ModelRegistry.Draft("sentiment-y-ens", EnsembleSentimentModel.KIND, Map.of(),
                Map.of(), Map.of()), d -> Files.writeString(d.resolve(EnsembleSentimentModel.PAYLOAD),
                "sentiment-x-ens 1 1.0\n"));
        assertThatThrownBy(() -> SentimentModels.load(registry, nested)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("is itself an ensemble");
    }

    @Test
    void anEncoderHeadVersionRunsItsEncoderAndScoresLikeEncoderPlusHead() {
        var registry = new ModelRegistry(root);
        var head = SentimentFixtures.encoderHead(11);
        var texts = heldOut.subList(0, 40);
        try (var model = SentimentModels.load(registry, SentimentFixtures.registerEncoderHead(registry,
                "sentiment-sst2-enc", head));
                var encoder = new SentenceEncoder(PretrainedEncoder.MINILM_L6, 64)) {
            assertThat(model).isInstanceOf(EncoderSentimentModel.class);
            assertThat(model.runsEncoder()).isTrue();
            var batched = model.scoreAll(texts);
            for (int i = 0; i < texts.size(); i++) {
                var expected = head.score(EncoderSentimentModel.select(encoder.encode(texts.get(i)),
                        List.of("cls", "mean"), 384));
                assertThat(model.score(texts.get(i))).as(texts.get(i)).isEqualTo(expected);
                assertThat(batched.get(i).score()).isCloseTo(expected.score(), within(1e-4));
            }
        }
    }

    @Test
    void anUnknownKindIsRejectedNamingItAndEveryKindThisBuildReads() {
        var registry = new ModelRegistry(root);
        var other = registry.write(new ModelRegistry.Draft("sentiment-x-svm", "sentiment-svm/1", Map.of(), Map.of(),
                Map.of()), d -> Files.writeString(d.resolve("x"), "x"));
        assertThatThrownBy(() -> SentimentModels.load(registry, other)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("'sentiment-svm/1'")
                .hasMessageContaining(String.join(", ", LinearSentimentModel.KIND, TextCnnModel.KIND,
                        EncoderSentimentModel.KIND, TokenCnnSentimentModel.KIND, EnsembleSentimentModel.KIND));
    }

    @Test
    void anEncoderKindNamingAnUnknownEncoderIsARegistryError() {
        var registry = new ModelRegistry(root);
        var head = new DenseHead(SentimentFixtures.BINARY, new float[] {0}, new float[] {1},
                List.of(new DenseHead.Layer(new float[][] {{1, -1}}, new float[] {0, 0})));
        var v = registry.write(new ModelRegistry.Draft("sentiment-x-enc", EncoderSentimentModel.KIND, Map.of(),
                Map.of("encoder", "no-such-encoder", "maxTokens", 32, "pooling", List.of("cls")), Map.of()),
                head::writeTo);
        assertThatThrownBy(() -> SentimentModels.load(registry, v)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("cannot start encoder no-such-encoder");
    }

    private static SentimentModel fixed(double[] p, AtomicInteger closed) {
        return new SentimentModel() {
            @Override
            public ModelManifest manifest() {
                return null;
            }

            @Override
            public List<SentimentLabel> classes() {
                return SentimentFixtures.BINARY;
            }

            @Override
            public double[] probabilities(String text) {
                return p.clone();
            }

            @Override
            public Sentiment score(String text) {
                return ClassProbabilities.sentiment(classes().toArray(SentimentLabel[]::new), probabilities(text));
            }

            @Override
            public int tokenCount(String text) {
                return 1;
            }

            @Override
            public boolean runsEncoder() {
                return false;
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
    }
}
