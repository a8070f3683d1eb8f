package io.livepulse.streaming;

import io.livepulse.models.features.FeatureParams;
import io.livepulse.platform.config.ConfigException;
import io.livepulse.platform.config.PlatformConfig;
import io.livepulse.platform.config.Settings;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Settings of the streaming jobs, resolved once in {@code main} (keys in {@code defaults.properties}).
 *
 * @param stateBackend {@code heap} or {@code rocksdb}
 * @param summaryInterval zero disables the live summary
 */
public record StreamingConfig(
        FeatureParams features,
        Duration maxOutOfOrderness,
        Duration sourceIdleness,
        Duration allowedLateness,
        Duration fitInterval,
        Duration featureRetention,
        Duration checkpointInterval,
        String stateBackend,
        int parallelism,
        int webUiPort,
        Duration summaryInterval,
        boolean parquet,
        String kafkaBootstrap,
        String topicPrefix,
        Path dataDir) implements Serializable {

    /** Reads and checks every streaming setting; reports all problems at once. */
    public static StreamingConfig from(Settings s) {
        var platform = PlatformConfig.from(s);
        Duration gap = positive(s, "streaming.heartbeat-gap");
        double k = s.decimal("streaming.transmission-k", 1e-9, 1e12);
        Duration size = positive(s, "streaming.room-window-size");
        Duration slide = positive(s, "streaming.room-window-slide");
        String backend = s.string("streaming.state-backend").toLowerCase(Locale.ROOT);
        var config = new StreamingConfig(
                null,
                s.duration("streaming.max-out-of-orderness"),
                positive(s, "streaming.source-idleness"),
                s.duration("streaming.allowed-lateness"),
                positive(s, "streaming.fit-interval"),
                positive(s, "streaming.feature-retention"),
                positive(s, "streaming.checkpoint-interval"),
                backend,
                s.integer("streaming.parallelism", 1, 1024),
                s.integer("streaming.web-ui-port", 0, 65_535),
                s.duration("streaming.summary-interval"),
                s.bool("streaming.parquet"),
                platform.kafkaBootstrap(),
                platform.topicPrefix(),
                platform.dataDir());
        s.check();
        if (!backend.equals("heap") && !backend.equals("rocksdb")) {
            throw new ConfigException("streaming.state-backend = '" + backend + "': must be heap or rocksdb; set it in "
                    + "the --config file or with " + Settings.envName("streaming.state-backend"));
        }
        try {
            return config.withFeatures(new FeatureParams(gap, k, size, slide));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("streaming.room-window-size / streaming.room-window-slide: " + e.getMessage());
        }
    }

    public StreamingConfig withFeatures(FeatureParams params) {
        return new StreamingConfig(params, maxOutOfOrderness, sourceIdleness, allowedLateness, fitInterval,
                featureRetention, checkpointInterval, stateBackend, parallelism, webUiPort, summaryInterval, parquet,
                kafkaBootstrap, topicPrefix, dataDir);
    }

    public Path parquetDir() {
        return dataDir.resolve("parquet");
    }

    private static Duration positive(Settings s, String key) {
        Duration d = s.duration(key);
        return d.isZero() || d.isNegative() ? Duration.ofMillis(1) : d;
    }
}
