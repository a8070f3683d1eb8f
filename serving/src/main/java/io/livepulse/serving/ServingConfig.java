package io.livepulse.serving;

import io.livepulse.platform.config.ConfigException;
import io.livepulse.platform.config.PlatformConfig;
import io.livepulse.platform.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of the serving app, read once in {@code main} (keys in {@code serving/.../defaults.properties}). */
public record ServingConfig(
        PlatformConfig platform,
        String host,
        int port,
        String featureStore,
        String redisHost,
        int redisPort,
        String redisKeyPrefix,
        String consumerGroup,
        Duration liveWindow,
        String recommenderModel,
        String sentimentModelZh,
        String sentimentModelEn,
        Duration registryPoll,
        int rateLimitPerSecond,
        Optional<Path> apiKeysFile,
        Optional<String> apiKeysSecret,
        Duration dashboardPeriod,
        boolean demoMode,
        Duration userRoomTtl) {

    public static ServingConfig from(Settings s) {
        String store = s.string("serving.feature-store");
        String keysFile = s.string("serving.api-keys-file");
        var config = new ServingConfig(
                PlatformConfig.from(s),
                s.string("serving.host"),
                s.integer("serving.port", 0, 65_535),
                store,
                s.string("serving.redis-host"),
                s.integer("serving.redis-port", 1, 65_535),
                s.string("serving.redis-key-prefix"),
                s.string("serving.consumer-group"),
                s.duration("serving.live-window"),
                s.string("serving.recommender-model"),
                s.string("serving.sentiment-model-zh"),
                s.string("serving.sentiment-model-en"),
                s.duration("serving.registry-poll"),
                s.integer("serving.rate-limit-per-second", 1, 10_000_000),
                keysFile.isEmpty() ? Optional.empty() : Optional.of(Path.of(keysFile)),
                s.secret("API_KEYS"),
                s.duration("serving.dashboard-period"),
                s.bool("serving.demo-mode"),
                s.duration("serving.user-room-ttl"));
        if (!store.equals("rocksdb") && !store.equals("redis")) {
            throw new ConfigException("serving.feature-store = '" + store
                    + "': must be rocksdb or redis; set it in the --config file or with LIVEPULSE_SERVING_FEATURE_STORE");
        }
        s.check();
        return config;
    }

    public Path featureStoreDir() {
        return platform.dataDir().resolve("serving").resolve("features");
    }

    public Path registryRoot() {
        return platform.dataDir().resolve("models");
    }
}
