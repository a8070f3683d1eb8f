package io.livepulse.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
    @TempDir
    Path root;

    private ModelRegistry.VerifiedModel writeOne(ModelRegistry registry, byte[] payload) {
        return registry.write(new ModelRegistry.Draft("demo", "test/1", Map.of("corpus", "none"),
                Map.of("rank", 8), Map.of("hr@10", 0.5)), dir -> Files.write(dir.resolve("payload.bin"), payload));
    }

    @Test
    void writesNumberedVersionsWithChecksumsAndReadsTheNewest() throws Exception {
        var registry = new ModelRegistry(root);
        writeOne(registry, new byte[] {1, 2, 3});
        var second = writeOne(registry, new byte[] {4, 5, 6});

        assertThat(registry.versions("demo")).containsExactly(1, 2);
        var latest = registry.latest("demo").orElseThrow();
        assertThat(latest.manifest().version()).isEqualTo(2);
        assertThat(latest.manifest().files()).containsOnlyKeys("payload.bin");
        assertThat(Files.readAllBytes(latest.file("payload.bin"))).containsExactly(4, 5, 6);
        assertThat(Files.exists(second.dir().resolve("metrics.json"))).isTrue();
        assertThat(latest.manifest().params()).containsEntry("rank", 8);
        assertThat(registry.names()).containsExactly("demo");
    }

    @Test
    void rejectsATruncatedPayload() throws Exception {
        var registry = new ModelRegistry(root);
        var model = writeOne(registry, new byte[] {1, 2, 3, 4});
        Files.write(model.dir().resolve("payload.bin"), new byte[] {1, 2});
        assertThatThrownBy(() -> registry.latest("demo"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("checksum mismatch for payload.bin");
    }

    @Test
    void rejectsAnUnknownFormatVersion() throws Exception {
        var registry = new ModelRegistry(root);
        var model = writeOne(registry, new byte[] {1});
        Path manifest = model.dir().resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"formatVersion\" : 1", "\"formatVersion\" : 99"));
        assertThatThrownBy(() -> registry.latest("demo"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("format version 99 is not supported");
    }

    @Test
    void rejectsAMissingManifest() throws Exception {
        var registry = new ModelRegistry(root);
        var model = writeOne(registry, new byte[] {1});
        Files.delete(model.dir().resolve("manifest.json"));
        assertThatThrownBy(() -> registry.latest("demo")).hasMessageContaining("manifest.json is missing");
    }

    @Test
    void anEmptyRegistryHasNoModels() {
        assertThat(new ModelRegistry(root).latest("nothing")).isEmpty();
        assertThat(new ModelRegistry(root.resolve("absent")).names()).isEmpty();
    }
}
