package io.livepulse.ingestion.collector;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces a user id with {@code HMAC-SHA256(key, id)}, truncated to 128 bits and hex encoded (32
 * characters). The same id and key always give the same pseudonym, so joins downstream still work; without
 * the key the id cannot be recovered or confirmed by guessing. Thread-safe.
 *
 * <p>The pseudonyms of recently seen ids are kept in memory (at most {@link #MAX_CACHED} of them, then the
 * cache starts afresh), because a live viewer sends many events and an HMAC costs about a microsecond. They
 * are never written anywhere.
 */
public final class Pseudonymizer {
    static final int MAX_CACHED = 100_000;

    private final ThreadLocal<Mac> mac;
    private final Map<String, String> recent = new ConcurrentHashMap<>();

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
