package io.livepulse.ingestion.collector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livepulse.models.privacy.Pseudonymizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;

/**
 * What the collector stores as a dead letter's {@code rawPayload}, so that no raw user id reaches Kafka.
 *
 * <ul>
 *   <li>A JSON object: every member named {@code userId}, at any depth (in nested objects and arrays too), is
 *       replaced by its pseudonym, whatever its JSON type: a string or number by the pseudonym of its text, an
 *       object or array by the pseudonym of its JSON text. {@code null} stays {@code null}. The payload stays
 *       readable JSON.
 *   <li>Anything else (not valid UTF-8, not valid JSON, a JSON array or scalar): the collector cannot tell
 *       where an id is, so the bytes are sealed with {@link DeadLetterCipher} and {@code cipher} names the scheme.
 * </ul>
 *
 * <p>Above {@code maxBytes} the plain payload is cut before it is sealed, and {@code cutFromBytes} says how long
 * it was (0 when not cut).
 *
 * @param bytes the payload to store
 * @param cipher null when readable, else {@link DeadLetterCipher#SCHEME}
 * @param cutFromBytes the length before cutting, or 0
 */
public record DeadLetterPayload(byte[] bytes, String cipher, int cutFromBytes) {
    /** The member whose values are user ids, wherever it occurs. */
    public static final String USER_ID = "userId";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The stored form of a refused input.
     *
     * @param raw the bytes as received
     * @param node their JSON value, or null when they are not valid JSON
     */
    public static DeadLetterPayload of(byte[] raw, JsonNode node, Pseudonymizer pseudonymizer,
            DeadLetterCipher cipher, int maxBytes) {
        if (node instanceof ObjectNode object) {
            byte[] plain = raw;
            var copy = object.deepCopy();
            if (pseudonymiseUserIds(copy, pseudonymizer) > 0) {
                try {
                    plain = MAPPER.writeValueAsBytes(copy);
                } catch (JsonProcessingException e) {
                    // cannot happen for a tree Jackson built; sealing is the safe answer if it ever does
                    return sealed(raw, cipher, maxBytes);
                }
            }
            return plain.length > maxBytes
                    ? new DeadLetterPayload(Arrays.copyOf(plain, maxBytes), null, plain.length)
                    : new DeadLetterPayload(plain, null, 0);
        }
        return sealed(raw, cipher, maxBytes);
    }

    private static DeadLetterPayload sealed(byte[] raw, DeadLetterCipher cipher, int maxBytes) {
        boolean cut = raw.length > maxBytes;
        return new DeadLetterPayload(cipher.seal(cut ? Arrays.copyOf(raw, maxBytes) : raw), DeadLetterCipher.SCHEME,
                cut ? raw.length : 0);
    }

    /**
     * Replaces, in place, the value of every {@code userId} member at any depth of {@code root} by its pseudonym.
     * Iterative, so the deepest document Jackson accepts cannot overflow the stack.
     *
     * @return how many values were replaced
     */
    public static int pseudonymiseUserIds(JsonNode root, Pseudonymizer pseudonymizer) {
        int replaced = 0;
        var pending = new ArrayDeque<JsonNode>();
        pending.push(root);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node instanceof ObjectNode object) {
                var ids = new ArrayList<String>(1);
                for (Map.Entry<String, JsonNode> member : object.properties()) {
                    if (USER_ID.equals(member.getKey())) {
                        ids.add(member.getKey());
                    } else if (member.getValue().isContainerNode()) {
                        pending.push(member.getValue());
                    }
                }
                for (String name : ids) {
                    JsonNode value = object.get(name);
                    if (!value.isNull()) {
                        object.put(name, pseudonymizer.pseudonym(value.isValueNode() ? value.asText() : value.toString()));
                        replaced++;
                    }
                }
            } else if (node.isArray()) {
                node.forEach(item -> {
                    if (item.isContainerNode()) {
                        pending.push(item);
                    }
                });
            }
        }
        return replaced;
    }
}
