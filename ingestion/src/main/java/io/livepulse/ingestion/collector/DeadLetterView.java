package io.livepulse.ingestion.collector;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livepulse.schemas.event.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One dead letter as an operator reads it: its reason and origin, and its payload opened with the dead-letter key
 * when it is sealed. The payload is text when it is UTF-8 ({@code payload}), else base64
 * ({@code payloadBase64}); a payload that does not open gives {@code error} instead.
 */
public final class DeadLetterView {
    private DeadLetterView() {}

    /** The JSON form of {@code letter} read at {@code partition}/{@code offset}. */
    public static ObjectNode of(DeadLetter letter, int partition, long offset, DeadLetterCipher cipher) {
        var node = JsonNodeFactory.instance.objectNode().put("partition", partition).put("offset", offset)
                .put("source", letter.getSource()).put("reason", letter.getReason())
                .put("field", letter.getField()).put("eventType", letter.getEventType())
                .put("receivedTimeMs", letter.getReceivedTimeMs()).put("sealed", letter.getPayloadCipher() != null);
        byte[] payload = bytes(letter.getRawPayload());
        if (letter.getPayloadCipher() != null) {
            if (!DeadLetterCipher.SCHEME.equals(letter.getPayloadCipher())) {
                return node.put("error", "unknown payload cipher " + letter.getPayloadCipher()
                        + "; this tool opens " + DeadLetterCipher.SCHEME);
            }
            try {
                payload = cipher.open(payload);
            } catch (IllegalArgumentException e) {
                return node.put("error", e.getMessage());
            }
        }
        if (BodySplitter.validUtf8(payload)) {
            node.put("payload", new String(payload, StandardCharsets.UTF_8));
        } else {
            node.put("payloadBase64", Base64.getEncoder().encodeToString(payload));
        }
        return node;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        var copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
