package io.livepulse.ingestion.collector;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces a user id with {@code HMAC-SHA256(key, id)}, truncated to 128 bits and hex encoded (32
 * characters). The same id and key always give the same pseudonym, so joins downstream still work; without
 * the key the id cannot be recovered or confirmed by guessing. Thread-safe.
 */
public final class Pseudonymizer {
    private final ThreadLocal<Mac> mac;

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
        byte[] digest = mac.get().doFinal(userId.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }
}
