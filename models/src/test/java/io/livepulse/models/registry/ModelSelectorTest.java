package io.livepulse.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.models.registry.ModelSelector.Ref;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSelectorTest {
    static ModelRegistry.VerifiedModel write(ModelRegistry registry, String name) {
        return registry.write(new ModelRegistry.Draft(name, "k/1", Map.of(), Map.of(), Map.of()),
                d -> Files.writeString(d.resolve("p"), name));
    }

    @Test
    void championFollowsTheRegistrysChoiceAndNamesAndPinsSelectVersions(@TempDir Path dir) {
        var registry = new ModelRegistry(dir);
        var champion = ModelSelector.parse("recommender", "champion");
        assertThat(champion.candidates(registry)).isEmpty();
        write(registry, "a");
        var a2 = write(registry, "a");
        // a registry without champions serves the fallback model's newest version
        assertThat(ModelSelector.parse("recommender", "champion", "a").candidates(registry))
                .containsExactly(new Ref("a", 2), new Ref("a", 1));
        var b1 = write(registry, "b");
        registry.promote("recommender", a2, "validation.HR@1", Map.of("a", 0.4, "b", 0.3));
        assertThat(champion.candidates(registry)).containsExactly(new Ref("a", 2));
        registry.promote("recommender", b1, "validation.HR@1", Map.of());
        assertThat(champion.candidates(registry)).containsExactly(new Ref("b", 1));
        assertThat(ModelSelector.parse("recommender", "champion", "a").candidates(registry))
                .containsExactly(new Ref("b", 1));
        assertThat(registry.champion("recommender").orElseThrow().metric()).isEqualTo("validation.HR@1");
        assertThat(registry.championTasks()).containsExactly("recommender");
        assertThat(registry.names()).containsExactly("a", "b");
        assertThat(ModelSelector.parse("recommender", "a").candidates(registry))
                .containsExactly(new Ref("a", 2), new Ref("a", 1));
        assertThat(ModelSelector.parse("recommender", "a:1").candidates(registry)).containsExactly(new Ref("a", 1));
    }

    @Test
    void aBadSettingSaysWhatIsAccepted() {
        assertThatThrownBy(() -> ModelSelector.parse("sentiment-zh", "a:zero"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NAME:VERSION");
        assertThatThrownBy(() -> ModelSelector.parse("sentiment-zh", "a:0"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCorruptChampionFileIsReportedNotIgnored(@TempDir Path dir) throws Exception {
        var registry = new ModelRegistry(dir);
        Files.createDirectories(dir.resolve(ModelRegistry.CHAMPIONS));
        Files.writeString(dir.resolve(ModelRegistry.CHAMPIONS).resolve("recommender.json"), "{not json");
        assertThatThrownBy(() -> registry.champion("recommender")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("unreadable champion");
    }
}
