package io.livepulse.models.privacy;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces a user id with {@code HMAC-SHA256(key, id)}, truncated to 128 bits and hex encoded (32
 * characters). The same id and key always give the same pseudonym, so joins downstream still work; without
 * the key the id cannot be recovered or confirmed by guessing. Thread-safe.
 *
 * <p>This is the one implementation: the collector stores events under the pseudonym, and the serving API
 * applies it to the platform's own user ids before it looks them up, so both must run with the same key
 * (the secret {@code LIVEPULSE_SECRET_PSEUDONYM_KEY}, or {@link #DEMO_KEY} in demo mode).
 *
 * <p>The pseudonyms of recently seen ids are kept in memory (at most {@link #MAX_CACHED} of them, then the
 * cache starts afresh), because a live viewer sends many events and an HMAC costs about a microsecond. They
 * are never written anywhere.
 */
public final class Pseudonymizer {
    /** Most ids whose pseudonym is kept in memory. */
    public static final int MAX_CACHED = 100_000;
    /** Shortest accepted key, in characters. */
    public static final int MIN_KEY_CHARS = 32;
    /** The development key used only in demo mode; never use it with real users. */
    public static final String DEMO_KEY = "livepulse-demo-pseudonym-key-not-for-production-use";
    /** The environment variable that holds the key. */
    public static final String SECRET_VARIABLE = "LIVEPULSE_SECRET_PSEUDONYM_KEY";

    private final ThreadLocal<Mac> mac;
    private final Map<String, String> recent = new ConcurrentHashMap<>();

    /** A pseudonymizer with {@code key} (copied). */
    public Pseudonymizer(byte[] key) {
        var spec = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(spec);
                return m;
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
            }
        });
        mac.get();
    }

    /**
     * The key an app runs with: the secret when it is set, else {@link #DEMO_KEY} when the app runs in demo
     * mode.
     *
     * @param secret the value of {@link #SECRET_VARIABLE}, if set
     * @param demoMode whether the app runs in demo mode
     * @param demoSwitch how to turn demo mode on, for the message (e.g. {@code collector.demo-mode=true})
     * @return the key's UTF-8 bytes
     * @throws IllegalArgumentException saying what to set, when the secret is too short or missing outside demo
     *     mode
     */
    public static byte[] key(Optional<String> secret, boolean demoMode, String demoSwitch) {
        if (secret.isPresent() && secret.get().length() < MIN_KEY_CHARS) {
            throw new IllegalArgumentException(SECRET_VARIABLE + " must have at least " + MIN_KEY_CHARS
                    + " characters (e.g. the output of: openssl rand -base64 48)");
        }
        if (secret.isEmpty() && !demoMode) {
            throw new IllegalArgumentException("Set " + SECRET_VARIABLE + " (at least " + MIN_KEY_CHARS
                    + " characters, e.g. openssl rand -base64 48): user ids are pseudonymised with it, and the"
                    + " collector and serving must share it. Only for a demo, " + demoSwitch
                    + " allows a built-in development key.");
        }
        return secret.orElse(DEMO_KEY).getBytes(StandardCharsets.UTF_8);
    }

    /** The pseudonym of {@code userId}: 32 lower-case hex characters. */
    public String pseudonym(String userId) {
        String known = recent.get(userId);
        if (known != null) {
            return known;
        }
        String pseudonym = HexFormat.of().formatHex(mac.get().doFinal(userId.getBytes(StandardCharsets.UTF_8)), 0, 16);
        if (recent.size() >= MAX_CACHED) {
            recent.clear();
        }
        recent.put(userId, pseudonym);
        return pseudonym;
    }
}
