package io.livepulse.training.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.livepulse.models.registry.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreeClassChampionTest {
    static ModelRegistry.VerifiedModel write(ModelRegistry registry, String name, Map<String, Object> metrics) {
        return registry.write(new ModelRegistry.Draft(name, "sentiment-linear/1", Map.of(), Map.of(), metrics),
                d -> Files.writeString(d.resolve("p"), name));
    }

    @Test
    void theScoreWeighsTheShortTextSliceAsMuchAsAllTextsAndSkipsTwoClassCorpora() {
        var perCorpus = Map.<String, Object>of(
                "smp", Map.of("validation", Map.of("macroF1", 0.8, "shortText", Map.of("macroF1", 0.6))),
                "meld", Map.of("validation", Map.of("macroF1", 0.5, "shortText", Map.of("macroF1", 0.7))),
                "sst2", Map.of("validation", Map.of("macroF1", 0.1, "predictedNeutralShare", 0.2)));
        assertThat(ThreeClassExperiment.selectionScore(perCorpus)).isCloseTo((0.7 + 0.6) / 2, within(1e-12));
    }

    @Test
    void aModelBecomesChampionOnlyWhenItScoresAtLeastTheChampionOnValidation(@TempDir Path dir) {
        var registry = new ModelRegistry(dir);
        var twoClass = write(registry, "sentiment-zh-lr", Map.of());
        registry.promote("sentiment-zh", twoClass, "test accuracy", Map.of());
        var first = write(registry, "sentiment-zh-3c-lr", Map.of(ThreeClassExperiment.SELECTION_METRIC, 0.70));
        assertThat(ThreeClassExperiment.promoteIfBetter(registry, "sentiment-zh", first, 0.70, Map.of())).isTrue();
        assertThat(registry.champion("sentiment-zh").orElseThrow().version()).isEqualTo(1);
        assertThat(registry.champion("sentiment-zh").orElseThrow().name()).isEqualTo("sentiment-zh-3c-lr");
        var worse = write(registry, "sentiment-zh-3c-lr", Map.of(ThreeClassExperiment.SELECTION_METRIC, 0.65));
        assertThat(ThreeClassExperiment.promoteIfBetter(registry, "sentiment-zh", worse, 0.65, Map.of())).isFalse();
        assertThat(registry.champion("sentiment-zh").orElseThrow().version()).isEqualTo(1);
        var better = write(registry, "sentiment-zh-3c-lr", Map.of(ThreeClassExperiment.SELECTION_METRIC, 0.72));
        assertThat(ThreeClassExperiment.promoteIfBetter(registry, "sentiment-zh", better, 0.72, Map.of())).isTrue();
        assertThat(registry.champion("sentiment-zh").orElseThrow().version()).isEqualTo(3);
        assertThat(registry.champion("sentiment-zh").orElseThrow().metric())
                .isEqualTo(ThreeClassExperiment.SELECTION_METRIC);
    }
}
