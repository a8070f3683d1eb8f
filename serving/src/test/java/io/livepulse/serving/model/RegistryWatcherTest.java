package io.livepulse.serving.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.ModelSelector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryWatcherTest {
    static final String NAME = "recommender-test";

    @TempDir
    Path root;

    ModelRegistry registry;
    SimpleMeterRegistry meters;
    ModelSlot<ServedRanker> slot;
    RegistryWatcher watcher;

    @BeforeEach
    void setUp() {
        registry = new ModelRegistry(root);
        meters = new SimpleMeterRegistry();
        slot = new ModelSlot<>(ModelSelector.parse(NAME, NAME), ScoresModel.LOADER);
        watcher = new RegistryWatcher(registry, List.of(slot), meters);
    }

    @Test
    void servesNothingUntilAVersionExistsThenSwapsInNewerOnes() {
        assertThat(watcher.poll()).isZero();
        assertThat(slot.current()).isEmpty();
        write(1.0);
        assertThat(watcher.poll()).isEqualTo(1);
        assertThat(slot.version()).isEqualTo(1);
        write(2.0);
        assertThat(watcher.poll()).isEqualTo(1);
        assertThat(slot.version()).isEqualTo(2);
        assertThat(ScoresModel.scoreOf(slot.current().orElseThrow(), "u1", "r1")).isEqualTo(2.0);
        assertThat(watcher.poll()).isZero();
        assertThat(rejected()).isZero();
    }

    @Test
    void wrongChecksumIsRejectedAndThePreviousVersionKeepsServing() throws IOException {
        write(1.0);
        watcher.poll();
        var v2 = write(2.0);
        Files.writeString(v2.dir().resolve("scores.json"), "{\"u1\":{\"r1\":9.0}}");
        assertRejected(2, "checksum mismatch for scores.json");
    }

    @Test
    void truncatedPayloadIsRejected() throws IOException {
        write(1.0);
        watcher.poll();
        var v2 = write(2.0);
        byte[] bytes = Files.readAllBytes(v2.dir().resolve("scores.json"));
        Files.write(v2.dir().resolve("scores.json"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertRejected(2, "corrupt or truncated");
    }

    @Test
    void unknownManifestFormatVersionIsRejected() throws IOException {
        write(1.0);
        watcher.poll();
        var v2 = write(2.0);
        var json = new ObjectMapper();
        var manifest = (ObjectNode) json.readTree(v2.dir().resolve("manifest.json").toFile());
        manifest.put("formatVersion", 99);
        json.writeValue(v2.dir().resolve("manifest.json").toFile(), manifest);
        assertRejected(2, "format version 99 is not supported");
    }

    @Test
    void unknownArtifactKindIsRejected() {
        write(1.0);
        watcher.poll();
        ScoresModel.write(registry, NAME, "als-factors/7", Map.of());
        assertRejected(2, "unknown artifact kind 'als-factors/7'");
    }

    @Test
    void atStartTheNewestVersionThatLoadsIsServed() throws IOException {
        write(1.0);
        var v2 = write(2.0);
        Files.delete(v2.dir().resolve("scores.json"));
        assertThat(watcher.poll()).isEqualTo(1);
        assertThat(slot.version()).isEqualTo(1);
        assertThat(rejected()).isEqualTo(1.0);
        assertThat(watcher.lastRejection(NAME)).contains("v2").contains("scores.json is missing");
    }

    @Test
    void aRejectedVersionIsNotRetriedButALaterGoodOneIsServed() throws IOException {
        write(1.0);
        watcher.poll();
        var v2 = write(2.0);
        Files.writeString(v2.dir().resolve("scores.json"), "garbage");
        watcher.poll();
        watcher.poll();
        assertThat(rejected()).isEqualTo(1.0);
        write(3.0);
        assertThat(watcher.poll()).isEqualTo(1);
        assertThat(slot.version()).isEqualTo(3);
    }

    @Test
    void theChampionIsServedWhateverIsNewerAndAChangeOfChampionSwapsIt() throws IOException {
        var champion = new ModelSlot<>(ModelSelector.parse("recommender", "champion"), ScoresModel.LOADER);
        var byChampion = new RegistryWatcher(registry, List.of(champion), meters);
        var v1 = write(1.0);
        var v2 = write(2.0);
        assertThat(byChampion.poll()).isZero();
        assertThat(champion.current()).isEmpty();
        registry.promote("recommender", v1, "validation.HR@1", Map.of(NAME, 0.5));
        assertThat(byChampion.poll()).isEqualTo(1);
        assertThat(champion.version()).isEqualTo(1);
        assertThat(byChampion.poll()).isZero();
        registry.promote("recommender", v2, "validation.HR@1", Map.of(NAME, 0.6));
        assertThat(byChampion.poll()).isEqualTo(1);
        assertThat(ScoresModel.scoreOf(champion.current().orElseThrow(), "u1", "r1")).isEqualTo(2.0);
        // a corrupt new champion is rejected and the old one keeps serving
        var v3 = write(3.0);
        Files.writeString(v3.dir().resolve("scores.json"), "{}");
        registry.promote("recommender", v3, "validation.HR@1", Map.of());
        assertThat(byChampion.poll()).isZero();
        assertThat(champion.version()).isEqualTo(2);
        assertThat(byChampion.lastRejection("recommender")).contains("checksum mismatch");
    }

    private void assertRejected(int version, String reason) {
        assertThat(watcher.poll()).isZero();
        assertThat(slot.version()).isEqualTo(1);
        assertThat(ScoresModel.scoreOf(slot.current().orElseThrow(), "u1", "r1")).isEqualTo(1.0);
        assertThat(rejected()).isEqualTo(1.0);
        assertThat(watcher.lastRejection(NAME)).startsWith(NAME + " v" + version + ":").contains(reason);
    }

    private double rejected() {
        var counter = meters.find("livepulse.model.rejected").tag("model", NAME).counter();
        return counter == null ? 0.0 : counter.count();
    }

    private ModelRegistry.VerifiedModel write(double score) {
        return ScoresModel.write(registry, NAME, ScoresModel.KIND, Map.of("u1", Map.of("r1", score)));
    }
}
