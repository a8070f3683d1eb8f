package io.livepulse.ingestion.collector;

import io.livepulse.models.privacy.Pseudonymizer;
import io.livepulse.platform.config.ConfigException;
import io.livepulse.platform.config.PlatformConfig;
import io.livepulse.platform.config.Settings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The collector's settings, read once in {@code main}.
 *
 * @param httpThreads most threads of the HTTP server (Jetty's pool; its acceptor and selector use some)
 * @param producerLinger how long the Kafka producer waits to fill a batch (Kafka's {@code linger.ms})
 * @param pseudonymKey HMAC key for user ids (from {@code LIVEPULSE_SECRET_PSEUDONYM_KEY})
 * @param deadLetterKey secret that seals unparseable dead-letter payloads (from
 *     {@code LIVEPULSE_SECRET_DEAD_LETTER_KEY}; see {@link DeadLetterCipher})
 * @param demoKey a key is a built-in development key ({@link Pseudonymizer#DEMO_KEY}, demo mode only)
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
        byte[] deadLetterKey,
        boolean demoKey) {

    /** The development dead-letter key used only in demo mode; never use it with real users. */
    public static final String DEMO_DEAD_LETTER_KEY = "livepulse-demo-dead-letter-key-not-for-production-use";

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
        var deadLetterKey = s.secret("DEAD_LETTER_KEY");
        s.check();
        byte[] keyBytes;
        try {
            keyBytes = Pseudonymizer.key(key, demo, "collector.demo-mode=true (LIVEPULSE_COLLECTOR_DEMO_MODE)");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        if (key.isPresent() && key.equals(deadLetterKey)) {
            throw new ConfigException("LIVEPULSE_SECRET_DEAD_LETTER_KEY must differ from LIVEPULSE_SECRET_PSEUDONYM_KEY:"
                    + " whoever may read dead letters need not be able to confirm pseudonyms, and the reverse");
        }
        byte[] sealing = deadLetterKey(deadLetterKey, demo);
        return new CollectorConfig(platform, port, maxBody, maxEvents, skew, maxText, window, maxIds, timeout,
                linger, httpThreads, retryAfter, keyBytes, sealing, key.isEmpty() || deadLetterKey.isEmpty());
    }

    /**
     * The dead-letter key from {@code LIVEPULSE_SECRET_DEAD_LETTER_KEY}, or in demo mode the development key when
     * it is not set. Also used by {@code ./livepulse collector dead-letters}, which needs only this key.
     */
    public static byte[] deadLetterKey(Settings s) {
        var key = s.secret("DEAD_LETTER_KEY");
        boolean demo = s.bool("collector.demo-mode");
        s.check();
        return deadLetterKey(key, demo);
    }

    private static byte[] deadLetterKey(Optional<String> key, boolean demo) {
        if (key.isPresent() && key.get().length() < Pseudonymizer.MIN_KEY_CHARS) {
            throw new ConfigException("LIVEPULSE_SECRET_DEAD_LETTER_KEY must have at least "
                    + Pseudonymizer.MIN_KEY_CHARS
                    + " characters (e.g. the output of: openssl rand -base64 48)");
        }
        if (key.isEmpty() && !demo) {
            throw new ConfigException("Set LIVEPULSE_SECRET_DEAD_LETTER_KEY (at least " + Pseudonymizer.MIN_KEY_CHARS
                    + " characters, e.g. openssl rand -base64 48, and not the pseudonym key): input the collector"
                    + " cannot parse is encrypted with it in the dead-letter topic, and only its holder can read"
                    + " it back. Only for a demo, collector.demo-mode=true allows a built-in development key.");
        }
        return key.orElse(DEMO_DEAD_LETTER_KEY).getBytes(StandardCharsets.UTF_8);
    }
}
