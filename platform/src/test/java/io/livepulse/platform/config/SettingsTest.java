package io.livepulse.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsThenFileThenEnvironmentLaterWins() throws Exception {
        Path file = Files.writeString(dir.resolve("lp.properties"), "kafka.partitions=8\nkafka.embedded-port=9999\n");
        var settings = Settings.load(Optional.of(file), Map.of("LIVEPULSE_KAFKA_PARTITIONS", "12"));
        var config = PlatformConfig.from(settings);
        settings.check();
        assertThat(config.partitions()).isEqualTo(12);
        assertThat(config.embeddedPort()).isEqualTo(9999);
        assertThat(config.topicPrefix()).isEqualTo("livepulse.");
        assertThat(config.embedded()).isTrue();
    }

    @Test
    void externalBootstrapServersTurnOffTheEmbeddedBroker() {
        var settings = Settings.load(Optional.empty(), Map.of("LIVEPULSE_KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092"));
        var config = PlatformConfig.from(settings);
        assertThat(config.embedded()).isFalse();
        assertThat(config.kafkaBootstrap()).isEqualTo("k1:9092,k2:9092");
    }

    @Test
    void everyProblemIsReportedInOneMessageWithItsFix() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.properties"), "kafka.partitons=3\nsecret.pseudonym-key=abc\n");
        var settings = Settings.load(Optional.of(file), Map.of(
                "LIVEPULSE_KAFKA_PARTITIONS", "many",
                "LIVEPULSE_NOPE_THING", "1"));
        PlatformConfig.from(settings);
        assertThatThrownBy(settings::check)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("4 problem(s)")
                .hasMessageContaining("kafka.partitons (in " + file + "): unknown setting")
                .hasMessageContaining("secrets are read from environment variables only; set LIVEPULSE_SECRET_PSEUDONYM_KEY")
                .hasMessageContaining("LIVEPULSE_NOPE_THING: unknown setting nope.thing")
                .hasMessageContaining("kafka.partitions = 'many' (from environment variable LIVEPULSE_KAFKA_PARTITIONS): must be a whole number from 1 to 1024");
    }

    @Test
    void secretsComeFromTheEnvironmentOnly() {
        var settings = Settings.load(Optional.empty(), Map.of("LIVEPULSE_SECRET_PSEUDONYM_KEY", "s3cr3t"));
        settings.check();
        assertThat(settings.secret("pseudonym_key")).contains("s3cr3t");
        assertThat(settings.secret("other")).isEmpty();
        assertThat(settings.asMap().values()).doesNotContain("s3cr3t");
    }

    @ParameterizedTest
    @CsvSource({"250ms,250", "30s,30000", "5m,300000", "2h,7200000", "1d,86400000", "PT1.5S,1500"})
    void durationsTakeAUnit(String text, long millis) {
        assertThat(Settings.parseDuration(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource({"LIVEPULSE_KAFKA_BOOTSTRAP_SERVERS,kafka.bootstrap-servers", "LIVEPULSE_DATA_DIR,data.dir"})
    void environmentNamesMapToKeysAndBack(String env, String key) {
        assertThat(Settings.keyOf(env)).isEqualTo(key);
        assertThat(Settings.envName(key)).isEqualTo(env);
    }
}
