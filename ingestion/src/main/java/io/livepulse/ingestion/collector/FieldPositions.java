package io.livepulse.ingestion.collector;

import io.livepulse.schemas.EventType;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/** Where the fields every event has sit in its record, looked up once per event type instead of per event. */
record FieldPositions(EventType type, int eventId, int userId, int roomId, int eventTimeMs, int receivedTimeMs) {
    private static final Map<Schema, FieldPositions> BY_SCHEMA = new IdentityHashMap<>();

    static {
        for (EventType type : EventType.values()) {
            BY_SCHEMA.put(type.schema(), of(type, type.schema()));
        }
    }

    /** The positions in an event record's schema. */
    static FieldPositions of(Schema schema) {
        var known = BY_SCHEMA.get(schema);
        if (known != null) {
            return known;
        }
        for (EventType t : EventType.values()) {
            if (t.schema().getFullName().equals(schema.getFullName())) {
                return of(t, schema);
            }
        }
        throw new IllegalArgumentException(schema.getFullName() + " is not an event schema");
    }

    private static FieldPositions of(EventType type, Schema schema) {
        return new FieldPositions(type, schema.getField("eventId").pos(), schema.getField("userId").pos(),
                schema.getField("roomId").pos(), schema.getField("eventTimeMs").pos(),
                schema.getField("receivedTimeMs").pos());
    }
}
