package io.livepulse.ingestion.collector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.livepulse.schemas.EventJson;
import io.livepulse.schemas.EventType;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The fast path of {@link EventJson#parse}: reads one well-formed event straight from its bytes into its Avro
 * record with Jackson's streaming parser, without building a JSON tree.
 *
 * <p>It only ever answers for events that {@code EventJson} would accept, and then with the same record. For
 * anything else (invalid JSON, trailing content, {@code "type"} not the first member, a repeated or unknown
 * member, a value of the wrong type, a missing required field) it answers {@code null}, and the caller takes
 * the tree path, which produces the exact rejection. So this class holds no validation rule of its own.
 */
final class StreamingEventReader {
    /** The fast double parser rounds exactly as {@code Double.parseDouble} does, only faster. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private static final Map<EventType, Schema> SCHEMAS = new EnumMap<>(EventType.class);
    private static final Map<String, EventType> TYPES = new HashMap<>();
    private static final Map<Schema, Map<String, Object>> ENUMS = new HashMap<>();
    /** Each type's generated no-argument constructor, found once instead of through Avro's class look-up per event. */
    private static final Map<EventType, Supplier<SpecificRecord>> CONSTRUCTORS = new EnumMap<>(EventType.class);
    private static final int MAX_FIELDS = 64;

    static {
        for (EventType type : EventType.values()) {
            SCHEMAS.put(type, type.schema());
            TYPES.put(type.jsonName(), type);
            if (type.schema().getFields().size() > MAX_FIELDS) {
                throw new IllegalStateException(type + " has more than " + MAX_FIELDS + " fields");
            }
            type.schema().getFields().forEach(f -> collectEnums(f.schema()));
            CONSTRUCTORS.put(type, constructor(type.recordClass()));
        }
    }

    private StreamingEventReader() {}

    /** The event in {@code json}, or null when the tree path must decide. */
    static SpecificRecord read(byte[] json) {
        return read(json, 0, json.length);
    }

    /** The event in {@code json[from, to)}, or null when the tree path must decide. */
    static SpecificRecord read(byte[] json, int from, int to) {
        try (JsonParser parser = FACTORY.createParser(json, from, to - from)) {
            return read(parser);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static SpecificRecord read(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT || parser.nextToken() != JsonToken.FIELD_NAME
                || !EventJson.TYPE.equals(parser.currentName()) || parser.nextToken() != JsonToken.VALUE_STRING) {
            return null;
        }
        EventType type = TYPES.get(parser.getText());
        if (type == null) {
            return null;
        }
        Schema schema = SCHEMAS.get(type);
        var record = CONSTRUCTORS.get(type).get();
        long seen = 0;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            Schema.Field field = schema.getField(parser.currentName());
            if (field == null || (seen & (1L << field.pos())) != 0) {
                return null;
            }
            seen |= 1L << field.pos();
            parser.nextToken();
            Object value = convert(field.schema(), parser);
            if (value == NOT_HERE) {
                return null;
            }
            record.put(field.pos(), value);
        }
        if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
            return null;
        }
        for (Schema.Field field : schema.getFields()) {
            if ((seen & (1L << field.pos())) == 0) {
                if (!field.hasDefaultValue()) {
                    return null;
                }
                record.put(field.pos(), SpecificData.get().getDefaultValue(field));
            }
        }
        return record;
    }

    /** Marks a value the tree path must judge. */
    private static final Object NOT_HERE = new Object();

    private static Object convert(Schema schema, JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (schema.getType()) {
            case UNION:
                if (token == JsonToken.VALUE_NULL) {
                    return schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL) ? null : NOT_HERE;
                }
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL) {
                        return convert(branch, parser);
                    }
                }
                return NOT_HERE;
            case STRING:
                return token == JsonToken.VALUE_STRING ? parser.getText() : NOT_HERE;
            case BOOLEAN:
                return token == JsonToken.VALUE_TRUE ? Boolean.TRUE : token == JsonToken.VALUE_FALSE ? Boolean.FALSE
                        : NOT_HERE;
            case INT:
                return token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT
                        ? (Object) parser.getIntValue() : NOT_HERE;
            case LONG:
                return token == JsonToken.VALUE_NUMBER_INT && (parser.getNumberType() == JsonParser.NumberType.INT
                        || parser.getNumberType() == JsonParser.NumberType.LONG) ? (Object) parser.getLongValue() : NOT_HERE;
            case DOUBLE:
            case FLOAT:
                if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                    return NOT_HERE;
                }
                double d = parser.getDoubleValue();
                if (!Double.isFinite(d)) {
                    return NOT_HERE;
                }
                return schema.getType() == Schema.Type.FLOAT ? (Object) (float) d : (Object) d;
            case ENUM:
                if (token != JsonToken.VALUE_STRING) {
                    return NOT_HERE;
                }
                Object symbol = ENUMS.get(schema).get(parser.getText().toUpperCase(Locale.ROOT));
                return symbol == null ? NOT_HERE : symbol;
            case ARRAY:
                if (token != JsonToken.START_ARRAY) {
                    return NOT_HERE;
                }
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    Object item = convert(schema.getElementType(), parser);
                    if (item == NOT_HERE) {
                        return NOT_HERE;
                    }
                    list.add(item);
                }
                return list;
            case BYTES:
                if (token != JsonToken.VALUE_STRING) {
                    return NOT_HERE;
                }
                try {
                    return ByteBuffer.wrap(Base64.getDecoder().decode(parser.getText()));
                } catch (IllegalArgumentException e) {
                    return NOT_HERE;
                }
            default:
                return NOT_HERE;
        }
    }

    private static Supplier<SpecificRecord> constructor(Class<? extends SpecificRecord> type) {
        try {
            MethodHandle handle = MethodHandles.publicLookup().findConstructor(type, MethodType.methodType(void.class));
            return () -> {
                try {
                    return (SpecificRecord) handle.invoke();
                } catch (Throwable e) {
                    throw new IllegalStateException("cannot create a " + type.getSimpleName(), e);
                }
            };
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException(type + " has no public no-argument constructor", e);
        }
    }

    private static void collectEnums(Schema schema) {
        switch (schema.getType()) {
            case ENUM -> {
                var symbols = new HashMap<String, Object>();
                schema.getEnumSymbols().forEach(s -> symbols.put(s, SpecificData.get().createEnum(s, schema)));
                ENUMS.put(schema, symbols);
            }
            case UNION -> schema.getTypes().forEach(StreamingEventReader::collectEnums);
            case ARRAY -> collectEnums(schema.getElementType());
            default -> { }
        }
    }
}
