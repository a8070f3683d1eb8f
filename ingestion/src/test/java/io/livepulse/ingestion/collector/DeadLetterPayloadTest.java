package io.livepulse.ingestion.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepulse.models.privacy.Pseudonymizer;
import io.livepulse.platform.config.ConfigException;
import io.livepulse.platform.config.Settings;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeadLetterPayloadTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Pseudonymizer pseudonymizer = new Pseudonymizer("p".repeat(40).getBytes(StandardCharsets.UTF_8));
    private final DeadLetterCipher cipher = new DeadLetterCipher("d".repeat(40).getBytes(StandardCharsets.UTF_8));

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private DeadLetterPayload of(String raw) {
        return DeadLetterPayload.of(utf8(raw), BodySplitter.tree(utf8(raw)).node(), pseudonymizer, cipher, 1_000);
    }

    @Test
    void everyUserIdOfAnObjectIsPseudonymisedAtAnyDepthAndOfAnyType() throws Exception {
        var payload = of("""
                {"type":"like","userId":12345,"a":{"userId":"alice","b":[{"userId":{"id":"bob"}},{"userId":null}]},
                 "c":[[{"userId":["carol"]}]],"user":"kept"}""");

        assertThat(payload.cipher()).isNull();
        JsonNode stored = MAPPER.readTree(payload.bytes());
        assertThat(stored.get("userId").asText()).isEqualTo(pseudonymizer.pseudonym("12345"));
        assertThat(stored.at("/a/userId").asText()).isEqualTo(pseudonymizer.pseudonym("alice"));
        assertThat(stored.at("/a/b/0/userId").asText()).isEqualTo(pseudonymizer.pseudonym("{\"id\":\"bob\"}"));
        assertThat(stored.at("/a/b/1/userId").isNull()).isTrue();
        assertThat(stored.at("/c/0/0/userId").asText()).isEqualTo(pseudonymizer.pseudonym("[\"carol\"]"));
        assertThat(stored.get("user").asText()).isEqualTo("kept");
        assertThat(new String(payload.bytes(), StandardCharsets.UTF_8)).doesNotContain("12345", "alice", "bob", "carol");
    }

    @Test
    void anObjectWithoutUserIdIsKeptByteForByte() {
        String raw = "{ \"type\" : \"like\",  \"roomId\":\"r1\" }";
        assertThat(of(raw).bytes()).isEqualTo(utf8(raw));
        assertThat(of(raw).cipher()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"userId\":\"alice\"", "[\"alice\"]", "\"alice\"", "{\"userId\": alice}", "12345"})
    void whatIsNotAJsonObjectIsSealedAndOpensToTheSameBytes(String raw) {
        var payload = of(raw);

        assertThat(payload.cipher()).isEqualTo(DeadLetterCipher.SCHEME);
        assertThat(new String(payload.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("alice", "12345");
        assertThat(cipher.open(payload.bytes())).isEqualTo(utf8(raw));
    }

    @Test
    void invalidUtf8IsSealed() {
        byte[] raw = {'{', '"', 'u', (byte) 0xC3, (byte) 0x28, '"', '}'};
        var payload = DeadLetterPayload.of(raw, null, pseudonymizer, cipher, 1_000);
        assertThat(payload.cipher()).isEqualTo(DeadLetterCipher.SCHEME);
        assertThat(cipher.open(payload.bytes())).isEqualTo(raw);
    }

    @Test
    void longPayloadsAreCutBeforeSealingAndSayFromWhat() {
        byte[] raw = utf8("[" + "1,".repeat(1_000) + "1]");
        var payload = DeadLetterPayload.of(raw, null, pseudonymizer, cipher, 100);
        assertThat(payload.cutFromBytes()).isEqualTo(raw.length);
        assertThat(cipher.open(payload.bytes())).hasSize(100);
    }

    @Test
    void everySealUsesAFreshNonceAndOnlyTheRightKeyOpensIt() {
        var sealed = new HashSet<String>();
        for (int i = 0; i < 1_000; i++) {
            sealed.add(new String(cipher.seal(utf8("alice")), StandardCharsets.ISO_8859_1).substring(1, 13));
        }
        assertThat(sealed).hasSize(1_000);
        byte[] one = cipher.seal(utf8("alice"));
        assertThat(one).hasSize(1 + 12 + 5 + 16);
        var other = new DeadLetterCipher("e".repeat(40).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> other.open(one)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LIVEPULSE_SECRET_DEAD_LETTER_KEY");
        one[20] ^= 1;
        assertThatThrownBy(() -> cipher.open(one)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parserMessagesDoNotEchoTheInput() {
        assertThat(BodySplitter.tree(utf8("{\"userId\": alice}")).rejection().reason())
                .doesNotContain("alice").contains("line 1");
        assertThat(BodySplitter.tree(utf8("{\"userId\": \"alice\" \"x\"}")).rejection().reason())
                .doesNotContain("alice");
        assertThat(BodySplitter.split(utf8("[{\"userId\": alice"), "application/json", 10).bodyProblem().reason())
                .doesNotContain("alice");
    }

    @Test
    void theDeadLetterKeyIsRequiredOutsideDemoModeAndDiffersFromThePseudonymKey() {
        String pseudonym = "p".repeat(40);
        assertThatThrownBy(() -> CollectorConfig.from(Settings.load(Optional.empty(),
                Map.of("LIVEPULSE_SECRET_PSEUDONYM_KEY", pseudonym))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Set LIVEPULSE_SECRET_DEAD_LETTER_KEY");
        assertThatThrownBy(() -> CollectorConfig.from(Settings.load(Optional.empty(),
                Map.of("LIVEPULSE_SECRET_PSEUDONYM_KEY", pseudonym, "LIVEPULSE_SECRET_DEAD_LETTER_KEY", "short"))))
                .hasMessageContaining("at least 32 characters");
        assertThatThrownBy(() -> CollectorConfig.from(Settings.load(Optional.empty(),
                Map.of("LIVEPULSE_SECRET_PSEUDONYM_KEY", pseudonym, "LIVEPULSE_SECRET_DEAD_LETTER_KEY", pseudonym))))
                .hasMessageContaining("must differ");
        var real = CollectorConfig.from(Settings.load(Optional.empty(),
                Map.of("LIVEPULSE_SECRET_PSEUDONYM_KEY", pseudonym, "LIVEPULSE_SECRET_DEAD_LETTER_KEY", "d".repeat(40))));
        assertThat(real.deadLetterKey()).isEqualTo(utf8("d".repeat(40)));
        assertThat(real.demoKey()).isFalse();
        var demo = CollectorConfig.from(Settings.of(Map.of("collector.demo-mode", "true")));
        assertThat(demo.deadLetterKey()).isEqualTo(utf8(CollectorConfig.DEMO_DEAD_LETTER_KEY));
        assertThat(demo.demoKey()).isTrue();
    }
}
