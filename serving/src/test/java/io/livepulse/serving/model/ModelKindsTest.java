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
import io.livepulse.models.recommend.LiveCandidate;
import io.livepulse.models.recommend.LiveRoomRanker;
import io.livepulse.models.recommend.RankedRoom;
import io.livepulse.models.recommend.RankedRoom.Reason;
import io.livepulse.models.recommend.WatchedStreamer;
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

    static final List<LiveCandidate> LIVE = List.of(new LiveCandidate("room-a", "s1", null, 0),
            new LiveCandidate("room-b", "s2", null, 0), new LiveCandidate("room-c", "unknown-streamer", null, 0));

    static List<RankedRoom> rank(ServedRanker served, String user, List<WatchedStreamer> history) {
        return served.ranker().rank(new LiveRoomRanker.Query(user, history, LIVE, s -> null), 10);
    }

    static List<WatchedStreamer> watched(String... streamers) {
        var out = new java.util.ArrayList<WatchedStreamer>();
        for (int i = 0; i < streamers.length; i++) {
            out.add(new WatchedStreamer(streamers[i], 1, 0, i));
        }
        return out;
    }

    @Test
    void alsRanksRoomsByTheirStreamer() {
        ServedRanker served = ModelKinds.recommenders().load(alsModel());
        var ranked = rank(served, "u1", List.of());
        assertThat(ranked).extracting(RankedRoom::roomId).containsExactly("room-a", "room-b", "room-c");
        assertThat(ranked).extracting(RankedRoom::reason).containsExactly(Reason.similar, Reason.similar,
                Reason.popular);
        assertThat(rank(served, "u2", List.of()).get(0).score()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void alsFoldsInANewUserFromTheirStreamersAndLeavesAColdOneToPopularity() {
        ServedRanker served = ModelKinds.recommenders().load(alsModel());
        assertThat(rank(served, "new-user", watched("s2")).get(0).roomId()).isEqualTo("room-b");
        assertThat(rank(served, "new-user", List.of())).extracting(RankedRoom::reason).containsOnly(Reason.popular);
        assertThat(rank(served, "new-user", watched("never-seen"))).extracting(RankedRoom::reason)
                .containsOnly(Reason.popular);
    }

    @Test
    void theNextStreamerNetworkRanksRoomsFromTheUsersStreamers() {
        // s1 in the input lights the one hidden unit, which votes for s2
        var net = new NextStreamerNet(new String[] {"s1", "s2"}, 1, new float[] {1, 0}, new float[] {0},
                new float[] {0, 1}, new float[] {0, 0});
        var written = new ModelRegistry(root).write(new ModelRegistry.Draft("recommender-neural", NextStreamerNet.KIND,
                Map.of(), Map.of(), Map.of()), dir -> net.write(dir.resolve(NextStreamerNet.FILE)));
        ServedRanker served = ModelKinds.recommenders().load(written);
        var ranked = rank(served, "anyone", watched("s1"));
        assertThat(ranked).extracting(RankedRoom::roomId).containsExactly("room-b", "room-a", "room-c");
        assertThat(ranked).extracting(RankedRoom::reason).containsExactly(Reason.similar, Reason.repeat,
                Reason.popular);
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
                .hasMessageContaining("unknown recommender kind 'als-factors/9'").hasMessageContaining(AlsFactors.KIND);
        assertThatThrownBy(() -> ModelKinds.sentiment().load(other))
                .hasMessageContaining(LinearSentimentModel.KIND);
    }

    @Test
    void textsAreRoutedByScript() {
        assertThat(ModelKinds.languageOf("主播好棒")).isEqualTo("zh");
        assertThat(ModelKinds.languageOf("nice stream 666")).isEqualTo("en");
    }
}
