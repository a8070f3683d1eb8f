package io.livepulse.serving.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {
    @TempDir
    Path dir;

    @Test
    void aKeyFileHoldsOnlyHashesAndFindsTheKey() throws Exception {
        String key = ApiKeys.generate();
        String line = ApiKeys.fileLine("dash", Set.of(Role.OPERATOR), key);
        assertThat(line).doesNotContain(key).matches("dash operator [0-9a-f]{64}");
        Path file = dir.resolve("keys");
        Files.writeString(file, "# operators\n\n" + line + "\n");
        var keys = ApiKeys.fromFile(file);
        assertThat(keys.find(key)).hasValueSatisfying(k -> {
            assertThat(k.name()).isEqualTo("dash");
            assertThat(k.roles()).containsExactly(Role.OPERATOR);
        });
        assertThat(keys.find(key + "x")).isEmpty();
        assertThat(keys.find(null)).isEmpty();
        assertThat(keys.find(" ")).isEmpty();
    }

    @Test
    void badKeyFileLinesAreAllReportedWithTheirLineNumbers() throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "a platform abc\nb admin " + "0".repeat(64) + "\n");
        assertThatThrownBy(() -> ApiKeys.fromFile(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keys:1: expected 'name roles sha256-hex'")
                .hasMessageContaining("keys:2: unknown role 'admin'");
    }

    @Test
    void theSecretVariableIsHashedOnLoad() {
        var keys = ApiKeys.none().withSecret("app:platform:k1;ops:operator+platform:k2");
        assertThat(keys.find("k1").orElseThrow().roles()).containsExactly(Role.PLATFORM);
        assertThat(keys.find("k2").orElseThrow().roles()).containsExactlyInAnyOrder(Role.PLATFORM, Role.OPERATOR);
        assertThatThrownBy(() -> ApiKeys.none().withSecret("nokey")).hasMessageContaining("name:roles:key");
    }

    @Test
    void generatedKeysDiffer() {
        assertThat(ApiKeys.generate()).startsWith("lp_").hasSize(51).isNotEqualTo(ApiKeys.generate());
    }
}
