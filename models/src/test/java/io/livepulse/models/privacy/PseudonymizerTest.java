package io.livepulse.models.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PseudonymizerTest {
    private static final byte[] KEY = "k".repeat(32).getBytes(StandardCharsets.UTF_8);

    @Test
    void pseudonymsAreStableKeyedAndNotTheId() {
        var a = new Pseudonymizer(KEY);
        var b = new Pseudonymizer("j".repeat(32).getBytes(StandardCharsets.UTF_8));
        assertThat(a.pseudonym("42")).isEqualTo(a.pseudonym("42")).matches("[0-9a-f]{32}")
                .isNotEqualTo(a.pseudonym("43")).isNotEqualTo(b.pseudonym("42"));
    }

    /** Known answers (openssl dgst -sha256 -hmac KEY, first 32 hex digits): data stored so far stays valid. */
    @Test
    void theOutputIsTheTruncatedHmacStoredSoFar() {
        assertThat(new Pseudonymizer(KEY).pseudonym("42")).isEqualTo("09b9733fee8d8c0058bb9267ee6883b7");
        assertThat(new Pseudonymizer(Pseudonymizer.DEMO_KEY.getBytes(StandardCharsets.UTF_8)).pseudonym("alice"))
                .isEqualTo("2fc8cd78b9cee111147693d255e3c564");
    }

    @Test
    void cachedPseudonymsAreTheHmacOfTheIdBeforeAndAfterTheCacheStartsAfresh() throws Exception {
        var pseudonymizer = new Pseudonymizer(KEY);
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < Pseudonymizer.MAX_CACHED + 10; i += 997) {
                String id = "user-" + i;
                String expected = HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)))
                        .substring(0, 32);
                assertThat(pseudonymizer.pseudonym(id)).isEqualTo(expected);
            }
        }
        for (int i = 0; i < Pseudonymizer.MAX_CACHED + 10; i++) {
            pseudonymizer.pseudonym("many-" + i);
        }
        assertThat(pseudonymizer.pseudonym("user-0")).isEqualTo(HexFormat.of()
                .formatHex(mac.doFinal("user-0".getBytes(StandardCharsets.UTF_8))).substring(0, 32));
    }

    @Test
    void theKeyIsTheSecretOrTheDemoKeyOnlyInDemoMode() {
        assertThatThrownBy(() -> Pseudonymizer.key(Optional.empty(), false, "x.demo-mode=true"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Set LIVEPULSE_SECRET_PSEUDONYM_KEY").hasMessageContaining("x.demo-mode=true");
        assertThatThrownBy(() -> Pseudonymizer.key(Optional.of("short"), true, "x.demo-mode=true"))
                .hasMessageContaining("at least 32 characters");
        assertThat(Pseudonymizer.key(Optional.empty(), true, "x"))
                .isEqualTo(Pseudonymizer.DEMO_KEY.getBytes(StandardCharsets.UTF_8));
        assertThat(Pseudonymizer.key(Optional.of("s".repeat(40)), true, "x"))
                .isEqualTo("s".repeat(40).getBytes(StandardCharsets.UTF_8));
    }
}
