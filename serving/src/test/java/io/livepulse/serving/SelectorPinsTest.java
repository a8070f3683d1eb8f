package io.livepulse.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.ModelSelector;
import io.livepulse.models.registry.ModelSelector.Ref;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serving records the versions its selectors pin, so that registry pruning keeps them. */
class SelectorPinsTest {
    @Test
    void aPinnedSelectorsVersionSurvivesPruningUntilTheSelectorNoLongerPinsIt(@TempDir Path root) {
        var registry = new ModelRegistry(root);
        for (int v = 1; v <= 4; v++) {
            registry.write(new ModelRegistry.Draft("m", "test/1", Map.of(), Map.of(), Map.of()),
                    dir -> Files.writeString(dir.resolve("p.txt"), "x"));
        }
        ServingServer.pinSelectors(registry, List.of(ModelSelector.parse("recommender", "m:2"),
                ModelSelector.parse("sentiment-zh", "champion", "m")));
        assertThat(registry.pins()).containsExactly(Map.entry("recommender", new Ref("m", 2)));
        assertThat(registry.prune(1)).containsExactlyInAnyOrder(new Ref("m", 1), new Ref("m", 3));
        assertThat(registry.versions("m")).containsExactly(2, 4);

        ServingServer.pinSelectors(registry, List.of(ModelSelector.parse("recommender", "m")));
        assertThat(registry.pins()).isEmpty();
        assertThat(registry.prune(1)).containsExactly(new Ref("m", 2));
    }
}
