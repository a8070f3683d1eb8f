package io.livepulse.ingestion.collector;

import io.livepulse.models.privacy.Pseudonymizer;
import io.livepulse.platform.config.ConfigException;
import io.livepulse.platform.config.PlatformConfig;
import io.livepulse.platform.config.Settings;
import java.time.Duration;

/**
 * The collector's settings, read once in {@code main}.
 *
 * @param httpThreads most threads of the HTTP server (Jetty's pool; its acceptor and selector use some)
 * @param producerLinger how long the Kafka producer waits to fill a batch (Kafka's {@code linger.ms})
 * @param pseudonymKey HMAC key for user ids (from {@code LIVEPULSE_SECRET_PSEUDONYM_KEY})
 * @param demoKey the key is the built-in development key {@link Pseudonymizer#DEMO_KEY} (demo mode only)
 */
public record CollectorConfig(
        PlatformConfig platform,
        int port,
        long maxBodyBytes,
        int maxEventsPerRequest,
        Duration maxFutureSkew,
        int maxTextChars,
        Duration dedupWindow,
        int dedupMaxIds,
        Duration produceTimeout,
        Duration producerLinger,
        int httpThreads,
        int retryAfterSeconds,
        byte[] pseudonymKey,
        boolean demoKey) {

    /** Reads the settings and the key; reports every problem at once. */
    public static CollectorConfig from(Settings s) {
        var platform = PlatformConfig.from(s);
        int port = s.integer("collector.port", 0, 65_535);
        long maxBody = s.integer("collector.max-body-bytes", 1_024, Integer.MAX_VALUE);
        int maxEvents = s.integer("collector.max-events-per-request", 1, 1_000_000);
        Duration skew = s.duration("collector.max-future-skew");
        int maxText = s.integer("collector.max-text-chars", 1, 100_000);
        Duration window = s.duration("collector.dedup-window");
        int maxIds = s.integer("collector.dedup-max-ids", 1, 100_000_000);
        Duration timeout = s.duration("collector.produce-timeout");
        Duration linger = s.duration("collector.producer-linger");
        int httpThreads = s.integer("collector.http-threads", 4, 1_000);
        int retryAfter = s.integer("collector.retry-after-seconds", 1, 3_600);
        boolean demo = s.bool("collector.demo-mode");
        var key = s.secret("PSEUDONYM_KEY");
        s.check();
        byte[] keyBytes;
        try {
            keyBytes = Pseudonymizer.key(key, demo, "collector.demo-mode=true (LIVEPULSE_COLLECTOR_DEMO_MODE)");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return new CollectorConfig(platform, port, maxBody, maxEvents, skew, maxText, window, maxIds, timeout,
                linger, httpThreads, retryAfter, keyBytes, key.isEmpty());
    }
}
