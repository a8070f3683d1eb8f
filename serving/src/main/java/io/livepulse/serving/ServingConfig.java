package io.livepulse.serving;

import io.livepulse.models.privacy.Pseudonymizer;
import io.livepulse.models.registry.ModelSelector;
import io.livepulse.platform.config.ConfigException;
import io.livepulse.platform.config.PlatformConfig;
import io.livepulse.platform.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the serving app, read once in {@code main} (keys in {@code serving/.../defaults.properties}).
 *
 * @param pseudonymKey the collector's HMAC key for user ids ({@code LIVEPULSE_SECRET_PSEUDONYM_KEY}, or the
 *     development key {@link Pseudonymizer#DEMO_KEY} in demo mode): the API applies it to the platform's user ids
 * @param demoKey the key is the development key (demo mode without the secret)
 */
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
        ModelSelector recommenderModel,
        ModelSelector sentimentModelZh,
        ModelSelector sentimentModelEn,
        Duration registryPoll,
        int rateLimitPerSecond,
        Optional<Path> apiKeysFile,
        Optional<String> apiKeysSecret,
        Duration dashboardPeriod,
        boolean demoMode,
        byte[] pseudonymKey,
        boolean demoKey,
        Duration userRoomTtl) {

    /** Reads the settings and the pseudonymisation key; fails saying what to set. */
    public static ServingConfig from(Settings s) {
        String store = s.string("serving.feature-store");
        String keysFile = s.string("serving.api-keys-file");
        boolean demo = s.bool("serving.demo-mode");
        var secret = s.secret("PSEUDONYM_KEY");
        byte[] key = null;
        String keyProblem = null;
        try {
            key = Pseudonymizer.key(secret, demo, "serving.demo-mode=true (or serve --demo)");
        } catch (IllegalArgumentException e) {
            keyProblem = e.getMessage();
        }
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
                selector(s, "serving.recommender-model", RECOMMENDER_TASK, "recommender-als"),
                selector(s, "serving.sentiment-model-zh", SENTIMENT_ZH_TASK, "sentiment-zh-lr"),
                selector(s, "serving.sentiment-model-en", SENTIMENT_EN_TASK, "sentiment-sst2-lr"),
                s.duration("serving.registry-poll"),
                s.integer("serving.rate-limit-per-second", 1, 10_000_000),
                keysFile.isEmpty() ? Optional.empty() : Optional.of(Path.of(keysFile)),
                s.secret("API_KEYS"),
                s.duration("serving.dashboard-period"),
                demo,
                key,
                secret.isEmpty(),
                s.duration("serving.user-room-ttl"));
        if (!store.equals("rocksdb") && !store.equals("redis")) {
            throw new ConfigException("serving.feature-store = '" + store
                    + "': must be rocksdb or redis; set it in the --config file or with LIVEPULSE_SERVING_FEATURE_STORE");
        }
        s.check();
        if (keyProblem != null) {
            throw new ConfigException(keyProblem);
        }
        return config;
    }

    /** The registry tasks serving follows (their champions by default). */
    public static final String RECOMMENDER_TASK = "recommender";
    public static final String SENTIMENT_ZH_TASK = "sentiment-zh";
    public static final String SENTIMENT_EN_TASK = "sentiment-en";

    /** A model setting: {@code champion} (falling back to {@code fallback} while the task has none), NAME, NAME:V. */
    static ModelSelector selector(Settings s, String key, String task, String fallback) {
        String value = s.string(key);
        try {
            return ModelSelector.parse(task, value, fallback);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + " = " + e.getMessage());
        }
    }

    public Path featureStoreDir() {
        return platform.dataDir().resolve("serving").resolve("features");
    }

    public Path registryRoot() {
        return platform.dataDir().resolve("models");
    }
}
