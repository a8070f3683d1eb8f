package io.livepulse.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.models.recommend.AlsFactors;
import io.livepulse.models.registry.ModelSelector.Ref;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry pruning ({@code registry.keep-versions}) and the rewrite erasure uses. */
class RegistryRetentionTest {
    @TempDir
    Path root;

    static ModelRegistry.VerifiedModel write(ModelRegistry registry, String name) {
        return registry.write(new ModelRegistry.Draft(name, "test/1", Map.of(), Map.of(), Map.of()),
                dir -> Files.writeString(dir.resolve("payload.txt"), name));
    }

    @Test
    void pruneKeepsTheNewestVersionsOfEachNameTheChampionsAndThePins() {
        var registry = new ModelRegistry(root);
        ModelRegistry.VerifiedModel a2 = null;
        for (int v = 1; v <= 8; v++) {
            var written = write(registry, "a");
            if (v == 2) {
                a2 = written;
            }
        }
        for (int v = 1; v <= 3; v++) {
            write(registry, "b");
        }
        registry.promote("recommender", a2, "validation.HR@1", Map.of());
        registry.pin("sentiment-zh", new Ref("a", 3));

        assertThat(registry.prune(5)).containsExactly(new Ref("a", 1));
        assertThat(registry.versions("a")).containsExactly(2, 3, 4, 5, 6, 7, 8);
        assertThat(registry.versions("b")).containsExactly(1, 2, 3);
        assertThat(registry.names()).containsExactly("a", "b");

        registry.unpin("sentiment-zh");
        assertThat(registry.prune(5)).containsExactly(new Ref("a", 3));
        assertThat(registry.prune(1)).containsExactlyInAnyOrder(new Ref("a", 4), new Ref("a", 5), new Ref("a", 6),
                new Ref("a", 7), new Ref("b", 1), new Ref("b", 2));
        assertThat(registry.versions("a")).containsExactly(2, 8);
        assertThat(registry.load("a", 2).manifest().version()).isEqualTo(2);
        try (var left = Files.list(root.resolve("a"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("2", "8");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aRegistryWithRetentionPrunesAfterEachWrite() {
        var registry = new ModelRegistry(root, 2);
        for (int v = 1; v <= 4; v++) {
            write(registry, "a");
        }
        assertThat(registry.versions("a")).containsExactly(3, 4);
        assertThat(new ModelRegistry(root).versions("a")).containsExactly(3, 4);
        var unbounded = new ModelRegistry(root.resolve("other"));
        for (int v = 1; v <= 7; v++) {
            write(unbounded, "a");
        }
        assertThat(unbounded.versions("a")).hasSize(7);
    }

    @Test
    void pruningNeedsAtLeastOneVersion() {
        assertThatThrownBy(() -> new ModelRegistry(root).prune(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new ModelRegistry(root, -1)).hasMessageContaining("registry.keep-versions");
    }

    @Test
    void rewriteReplacesThePayloadAndItsChecksumKeepingVersionAndMetadata() throws Exception {
        var registry = new ModelRegistry(root);
        var factors = new AlsFactors(1, new String[] {"u1", "u2"}, new float[] {1, 2}, new String[] {"s"},
                new float[] {1});
        var v1 = registry.write(new ModelRegistry.Draft("als", AlsFactors.KIND, Map.of("rows", 2), Map.of("rank", 1),
                Map.of("hr", 0.5)), dir -> factors.write(dir.resolve(AlsFactors.FILE)));
        String before = v1.manifest().files().get(AlsFactors.FILE);

        boolean changed = registry.rewrite("als", 1, (dir, manifest) -> {
            Path file = dir.resolve(AlsFactors.FILE);
            AlsFactors.read(file).without(Set.of("u1")).write(file);
            return true;
        });

        assertThat(changed).isTrue();
        var after = registry.load("als", 1);
        assertThat(after.manifest().files().get(AlsFactors.FILE)).isNotEqualTo(before);
        assertThat(after.manifest().createdTimeMs()).isEqualTo(v1.manifest().createdTimeMs());
        assertThat(after.manifest().metrics()).isEqualTo(Map.of("hr", 0.5));
        var loaded = AlsFactors.load(after);
        assertThat(loaded.knows("u1")).isFalse();
        assertThat(loaded.knows("u2")).isTrue();
        assertThat(registry.rewrite("als", 1, (dir, manifest) -> false)).isFalse();
        try (var left = Files.list(root.resolve("als"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("1");
        }
    }

    @Test
    void forgetDropsALoadedUsersFactorsAtOnceAndWriteLeavesThemOut(@TempDir Path dir) throws Exception {
        var factors = new AlsFactors(1, new String[] {"u1", "u2"}, new float[] {3, 2}, new String[] {"s"},
                new float[] {1});
        double[] score = new double[1];
        assertThat(factors.score("u1", java.util.List.of(), new String[] {"s"}, score)).isTrue();
        assertThat(score[0]).isEqualTo(3.0);

        assertThat(factors.forget("u1")).isTrue();
        assertThat(factors.forget("u1")).isFalse();
        assertThat(factors.score("u1", java.util.List.of(), new String[] {"s"}, score)).isFalse();
        assertThat(factors.users()).isEqualTo(1);
        factors.write(dir.resolve("f.bin"));
        var reread = AlsFactors.read(dir.resolve("f.bin"));
        assertThat(reread.knows("u1")).isFalse();
        assertThat(reread.score("u2", java.util.List.of(), new String[] {"s"}, score)).isTrue();
        assertThat(score[0]).isEqualTo(2.0);
    }
}
