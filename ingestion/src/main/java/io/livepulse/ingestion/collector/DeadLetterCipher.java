package io.livepulse.ingestion.collector;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the raw payload of a dead letter that the collector could not parse, so that no user id in it is
 * readable at rest, while an operator holding {@code LIVEPULSE_SECRET_DEAD_LETTER_KEY} can still open and replay
 * it ({@code ./livepulse collector dead-letters}).
 *
 * <p>AES-256-GCM from the JDK. A sealed payload is one version byte ({@code 1}), a random 96-bit nonce (new for
 * every record) and the ciphertext with its 128-bit tag; the version byte is authenticated too. The AES key is
 * SHA-256 of a fixed label and the secret, so the secret can be any string of at least 32 characters. Thread-safe.
 *
 * <pre>{@code
 * var cipher = new DeadLetterCipher(secret);
 * byte[] sealed = cipher.seal(raw);
 * byte[] again = cipher.open(sealed); // equals raw
 * }</pre>
 */
public final class DeadLetterCipher {
    /** The value of {@code DeadLetter.payloadCipher} for payloads sealed by this class. */
    public static final String SCHEME = "AES-256-GCM/v1";
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] LABEL = "livepulse dead-letter payload key v1\0".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** @param secret the dead-letter secret's bytes (UTF-8 of {@code LIVEPULSE_SECRET_DEAD_LETTER_KEY}) */
    public DeadLetterCipher(byte[] secret) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            sha.update(LABEL);
            this.key = new SecretKeySpec(sha.digest(secret), "AES");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** {@code plain} sealed under a fresh random nonce. */
    public byte[] seal(byte[] plain) {
        var nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher aes = cipher(Cipher.ENCRYPT_MODE, nonce);
            var out = ByteBuffer.allocate(1 + NONCE_BYTES + aes.getOutputSize(plain.length));
            out.put(VERSION).put(nonce);
            aes.doFinal(ByteBuffer.wrap(plain), out);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /**
     * The payload that {@link #seal} sealed.
     *
     * @throws IllegalArgumentException when the bytes were not sealed under this key or were altered
     */
    public byte[] open(byte[] sealed) {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new IllegalArgumentException("not a sealed dead-letter payload (" + SCHEME + ")");
        }
        try {
            var nonce = new byte[NONCE_BYTES];
            System.arraycopy(sealed, 1, nonce, 0, NONCE_BYTES);
            return cipher(Cipher.DECRYPT_MODE, nonce).doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("the payload does not open with this key: set the"
                    + " LIVEPULSE_SECRET_DEAD_LETTER_KEY that the collector used when it wrote the record", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the payload cannot be opened: " + e.getMessage(), e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        aes.updateAAD(new byte[] {VERSION});
        return aes;
    }
}
