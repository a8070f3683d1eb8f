package io.livepulse.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livepulse.schemas.Validated.Rejected;
import io.livepulse.schemas.Validated.Valid;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The JSON form of events, and the one place where JSON and Avro are converted.
 *
 * <p>An event is a JSON object whose {@code "type"} member names the {@link EventType} (e.g. {@code "gift"})
 * and whose other members are the Avro fields by name: {@code {"type":"like","eventId":"…","userId":"u1",
 * "roomId":"r1","eventTimeMs":1700000000000,"likeCount":3}}. Members with a default may be left out; unknown
 * members are refused so that a misspelt field is not dropped silently. Enum values are their symbol
 * ({@code "JOIN"}, case-insensitive); optional fields take {@code null}.
 */
public final class EventJson {
    public static final String TYPE = "type";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventJson() {}

    /** Parses one JSON document holding one event. */
    public static Validated<SpecificRecord> parse(byte[] json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            return new Rejected<>(null, "body is not valid JSON: " + firstLine(e), json);
        }
        if (node == null || node.isMissingNode()) {
            return new Rejected<>(null, "body is empty", json);
        }
        return parse(node, json);
    }

    /** Converts an already parsed JSON value; {@code raw} is kept with a rejection. */
    public static Validated<SpecificRecord> parse(JsonNode node, byte[] raw) {
        if (!node.isObject()) {
            return new Rejected<>(null, "an event must be a JSON object", raw);
        }
        JsonNode typeNode = node.get(TYPE);
        if (typeNode == null || typeNode.isNull()) {
            return new Rejected<>(TYPE, "is required; one of: " + EventType.jsonNames(), raw);
        }
        if (!typeNode.isTextual()) {
            return new Rejected<>(TYPE, "must be a string; one of: " + EventType.jsonNames(), raw);
        }
        var type = EventType.fromJsonName(typeNode.asText());
        if (type.isEmpty()) {
            return new Rejected<>(TYPE, "unknown event type '" + typeNode.asText() + "'; one of: "
                    + EventType.jsonNames(), raw);
        }
        return toRecord(type.get().schema(), (ObjectNode) node, raw);
    }

    private static Validated<SpecificRecord> toRecord(Schema schema, ObjectNode node, byte[] raw) {
        var known = new HashSet<String>();
        known.add(TYPE);
        var record = (SpecificRecord) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            known.add(field.name());
            JsonNode value = node.get(field.name());
            Object converted;
            if (value == null) {
                if (!field.hasDefaultValue()) {
                    return new Rejected<>(field.name(), "is required", raw);
                }
                converted = SpecificData.get().getDefaultValue(field);
            } else {
                var result = convert(field.schema(), value);
                if (result instanceof Problem problem) {
                    return new Rejected<>(field.name(), problem.reason(), raw);
                }
                converted = result;
            }
            record.put(field.pos(), converted);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                return new Rejected<>(name, "is not a field of " + schema.getName() + " events", raw);
            }
        }
        return new Valid<>(record);
    }

    private record Problem(String reason) {}

    private static Object convert(Schema schema, JsonNode value) {
        switch (schema.getType()) {
            case UNION:
                if (value.isNull()) {
                    return schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL)
                            ? null : new Problem("must not be null");
                }
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL) {
                        return convert(branch, value);
                    }
                }
                return new Problem("must be null");
            case NULL:
                return value.isNull() ? null : new Problem("must be null");
            case STRING:
                return value.isTextual() ? value.asText() : new Problem("must be a string");
            case BOOLEAN:
                return value.isBoolean() ? value.asBoolean() : new Problem("must be true or false");
            case INT:
                return value.isIntegralNumber() && value.canConvertToInt()
                        ? (Object) value.asInt() : new Problem("must be a whole number from -2^31 to 2^31-1");
            case LONG:
                return value.isIntegralNumber() && value.canConvertToLong()
                        ? (Object) value.asLong() : new Problem("must be a whole number");
            case DOUBLE:
            case FLOAT:
                if (!value.isNumber()) {
                    return new Problem("must be a number");
                }
                double d = value.asDouble();
                if (!Double.isFinite(d)) {
                    return new Problem("must be a finite number");
                }
                return schema.getType() == Schema.Type.FLOAT ? (Object) (float) d : (Object) d;
            case ENUM:
                if (value.isTextual()) {
                    String symbol = value.asText().toUpperCase(Locale.ROOT);
                    if (schema.getEnumSymbols().contains(symbol)) {
                        return SpecificData.get().createEnum(symbol, schema);
                    }
                }
                return new Problem("must be one of " + schema.getEnumSymbols());
            case ARRAY:
                if (!value.isArray()) {
                    return new Problem("must be an array");
                }
                var list = new ArrayList<Object>(value.size());
                for (JsonNode item : value) {
                    Object converted = convert(schema.getElementType(), item);
                    if (converted instanceof Problem p) {
                        return new Problem("every element " + p.reason());
                    }
                    list.add(converted);
                }
                return list;
            case BYTES:
                if (!value.isTextual()) {
                    return new Problem("must be a base64 string");
                }
                try {
                    return ByteBuffer.wrap(Base64.getDecoder().decode(value.asText()));
                } catch (IllegalArgumentException e) {
                    return new Problem("must be a base64 string");
                }
            default:
                return new Problem("has type " + schema.getType() + " which has no JSON form");
        }
    }

    /** The JSON form of a record, with its {@code "type"} member first when it is an event. */
    public static ObjectNode toJson(SpecificRecord record) {
        var node = JsonNodeFactory.instance.objectNode();
        EventType.of(record).ifPresent(t -> node.put(TYPE, t.jsonName()));
        for (Schema.Field field : record.getSchema().getFields()) {
            node.set(field.name(), toNode(record.get(field.pos())));
        }
        return node;
    }

    public static String toJsonString(SpecificRecord record) {
        try {
            return MAPPER.writeValueAsString(toJson(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Jackson cannot write its own tree", e);
        }
    }

    private static JsonNode toNode(Object value) {
        var f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        } else if (value instanceof CharSequence s) {
            return f.textNode(s.toString());
        } else if (value instanceof Integer i) {
            return f.numberNode(i);
        } else if (value instanceof Long l) {
            return f.numberNode(l);
        } else if (value instanceof Double d) {
            return f.numberNode(d);
        } else if (value instanceof Float x) {
            return f.numberNode(x);
        } else if (value instanceof Boolean b) {
            return f.booleanNode(b);
        } else if (value instanceof ByteBuffer b) {
            var copy = b.duplicate();
            var bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return f.textNode(Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof List<?> list) {
            ArrayNode array = f.arrayNode();
            list.forEach(item -> array.add(toNode(item)));
            return array;
        } else if (value instanceof SpecificRecord r) {
            return toJson(r);
        }
        return f.textNode(value.toString()); // enums
    }

    private static String firstLine(IOException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
