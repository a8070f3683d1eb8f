package io.livepulse.serving.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.models.recommend.AlsFactors;
import io.livepulse.models.recommend.NextStreamerNet;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.Language;
import io.livepulse.models.sentiment.LinearSentimentModel;
import io.livepulse.models.sentiment.SentimentLabel;
import io.livepulse.models.sentiment.TextVectorizer;
import io.livepulse.models.sentiment.Tokenizer;
import io.livepulse.serving.model.RoomScorer.Candidate;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real artifact kinds of the recommender and sentiment trainings, read through the registry. */
class ModelKindsTest {
    @TempDir
    Path root;

    ModelRegistry.VerifiedModel alsModel() {
        // users u1 (likes s1), u2 (likes s2); streamers s1, s2, s3 in rank 2
        var factors = new AlsFactors(2, new String[] {"u1", "u2"}, new float[] {1, 0, 0, 1},
                new String[] {"s1", "s2", "s3"}, new float[] {0.9f, 0.1f, 0.1f, 0.8f, 0.5f, 0.5f});
        return new ModelRegistry(root).write(new ModelRegistry.Draft("recommender-als", AlsFactors.KIND, Map.of(),
                Map.of(), Map.of()), dir -> factors.write(dir.resolve(AlsFactors.FILE)));
    }

    static final List<Candidate> LIVE = List.of(new Candidate("room-a", "s1"), new Candidate("room-b", "s2"),
            new Candidate("room-c", "unknown-streamer"));

    @Test
    void alsScoresRoomsByTheirStreamer() {
        RoomScorer scorer = ModelKinds.recommenders().load(alsModel());
        var scores = scorer.score("u1", List.of(), LIVE);
        assertThat(scores).containsOnlyKeys("room-a", "room-b");
        assertThat(scores.get("room-a")).isGreaterThan(scores.get("room-b"));
        assertThat(scorer.score("u2", List.of(), LIVE).get("room-b")).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void alsFoldsInANewUserFromRecentStreamersAndLeavesAColdOneToTheFallback() {
        RoomScorer scorer = ModelKinds.recommenders().load(alsModel());
        var folded = scorer.score("new-user", List.of("s2"), LIVE);
        assertThat(folded.get("room-b")).isGreaterThan(folded.get("room-a"));
        assertThat(scorer.score("new-user", List.of(), LIVE)).isEmpty();
        assertThat(scorer.score("new-user", List.of("never-seen"), LIVE)).isEmpty();
    }

    @Test
    void theNextStreamerNetworkScoresRoomsFromRecentStreamers() {
        // s1 in the input lights the one hidden unit, which votes for s2
        var net = new NextStreamerNet(new String[] {"s1", "s2"}, 1, new float[] {1, 0}, new float[] {0},
                new float[] {0, 1}, new float[] {0, 0});
        var written = new ModelRegistry(root).write(new ModelRegistry.Draft("recommender-neural", NextStreamerNet.KIND,
                Map.of(), Map.of(), Map.of()), dir -> net.write(dir.resolve(NextStreamerNet.FILE)));
        RoomScorer scorer = ModelKinds.recommenders().load(written);
        var scores = scorer.score("anyone", List.of("s1"), LIVE);
        assertThat(scores).containsOnlyKeys("room-a", "room-b");
        assertThat(scores.get("room-b")).isGreaterThan(scores.get("room-a"));
        assertThat(scorer.score("anyone", List.of(), LIVE)).isEmpty();
    }

    @Test
    void linearSentimentModelsLabelTexts() {
        var v = new TextVectorizer(Tokenizer.forLanguage(Language.EN), 1 << 10);
        double[] w = new double[1 << 10];
        for (int bucket : v.vectorize("awful").indices()) {
            w[bucket] = -10;
        }
        double[] idf = new double[1 << 10];
        Arrays.fill(idf, 1.0);
        var model = new LinearSentimentModel(v, LinearSentimentModel.Algorithm.LOGISTIC,
                List.of(SentimentLabel.NEGATIVE, SentimentLabel.POSITIVE), 0, idf, new double[][] {w},
                new double[] {1.0});
        var written = new ModelRegistry(root).write(new ModelRegistry.Draft("sentiment-twitch-lr",
                LinearSentimentModel.KIND, Map.of(), Map.of(), Map.of()), model::writeTo);
        TextClassifier classifier = ModelKinds.sentiment().load(written);
        assertThat(classifier.classify("awful stream").label()).isEqualTo("negative");
        assertThat(classifier.classify("awful stream").score()).isLessThan(0);
        assertThat(classifier.classify("lovely stream").label()).isEqualTo("positive");
    }

    @Test
    void otherKindsAreRejectedNamingWhatIsRead() {
        var other = new ModelRegistry(root).write(new ModelRegistry.Draft("recommender-als", "als-factors/9", Map.of(),
                Map.of(), Map.of()), dir -> java.nio.file.Files.writeString(dir.resolve("x"), "x"));
        assertThatThrownBy(() -> ModelKinds.recommenders().load(other))
                .hasMessageContaining("unknown artifact kind 'als-factors/9'").hasMessageContaining(AlsFactors.KIND);
        assertThatThrownBy(() -> ModelKinds.sentiment().load(other))
                .hasMessageContaining(LinearSentimentModel.KIND);
    }

    @Test
    void textsAreRoutedByScript() {
        assertThat(ModelKinds.languageOf("主播好棒")).isEqualTo("zh");
        assertThat(ModelKinds.languageOf("nice stream 666")).isEqualTo("en");
    }
}
