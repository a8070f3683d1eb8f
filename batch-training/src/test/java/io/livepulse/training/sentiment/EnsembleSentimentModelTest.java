package io.livepulse.training.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.RegistryException;
import io.livepulse.models.sentiment.SentimentLabel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsembleSentimentModelTest {
    private static final List<SentimentLabel> BINARY = List.of(SentimentLabel.NEGATIVE, SentimentLabel.POSITIVE);

    @Test
    void simplexGridCoversEveryWeightVectorOnce() {
        var grid = EnsembleWeights.simplex(3, 20);
        assertThat(grid).hasSize(231); // C(22, 2)
        for (double[] w : grid) {
            assertThat(w[0] + w[1] + w[2]).isCloseTo(1.0, within(1e-12));
        }
        assertThat(grid.get(0)).containsExactly(1.0, 0.0, 0.0);
        assertThat(EnsembleWeights.simplex(1, 20)).containsExactly(new double[] {1.0});
    }

    @Test
    void predictionsFollowTheWeightedMean() {
        double[][] a = {{0.9, 0.1}, {0.4, 0.6}};
        double[][] b = {{0.2, 0.8}, {0.45, 0.55}};
        assertThat(EnsembleWeights.predict(List.of(a, b), new double[] {1, 0})).containsExactly(0, 1);
        assertThat(EnsembleWeights.predict(List.of(a, b), new double[] {0, 1})).containsExactly(1, 1);
        // 0.5 * 0.9 + 0.5 * 0.2 = 0.55 negative for the first text
        assertThat(EnsembleWeights.predict(List.of(a, b), new double[] {0.5, 0.5})).containsExactly(0, 1);
    }

    @Test
    void scoresTheWeightedMeanOfItsMembers() {
        var model = new EnsembleSentimentModel(
                List.of(new EnsembleSentimentModel.Member("a", 1, 0.75), new EnsembleSentimentModel.Member("b", 1, 0.25)),
                List.of(t -> new double[] {0.2, 0.8}, t -> new double[] {1.0, 0.0}), BINARY, List.of());
        assertThat(model.probabilities("x")).containsExactly(new double[] {0.4, 0.6}, within(1e-12));
        assertThat(model.score("x").label()).isEqualTo(SentimentLabel.POSITIVE);
        assertThat(model.score("x").score()).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void malformedPayloadOrMissingMemberIsARegistryError(@TempDir Path dir) {
        var registry = new ModelRegistry(dir);
        registry.write(new ModelRegistry.Draft("sentiment-x-ens", EnsembleSentimentModel.KIND, Map.of(), Map.of(),
                Map.of()), d -> Files.writeString(d.resolve(EnsembleSentimentModel.PAYLOAD), "sentiment-x-cnn one 0.5\n"));
        assertThatThrownBy(() -> EnsembleSentimentModel.load(registry, registry.latest("sentiment-x-ens").orElseThrow()))
                .isInstanceOf(RegistryException.class).hasMessageContaining("malformed ensemble payload");
        registry.write(new ModelRegistry.Draft("sentiment-x-ens", EnsembleSentimentModel.KIND, Map.of(), Map.of(),
                Map.of()), d -> Files.writeString(d.resolve(EnsembleSentimentModel.PAYLOAD), "sentiment-x-cnn 3 0.5\n"));
        assertThatThrownBy(() -> EnsembleSentimentModel.load(registry, registry.latest("sentiment-x-ens").orElseThrow()))
                .isInstanceOf(RegistryException.class);
    }
}
