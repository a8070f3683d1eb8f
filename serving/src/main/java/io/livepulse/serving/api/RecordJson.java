package io.livepulse.serving.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** Avro records as plain maps for the JSON answers, field names as in the schemas. */
final class RecordJson {
    private RecordJson() {}

    static Map<String, Object> of(SpecificRecord record) {
        var map = new LinkedHashMap<String, Object>();
        for (Schema.Field field : record.getSchema().getFields()) {
            map.put(field.name(), plain(record.get(field.pos())));
        }
        return map;
    }

    private static Object plain(Object value) {
        if (value instanceof SpecificRecord r) {
            return of(r);
        }
        if (value instanceof List<?> list) {
            var out = new ArrayList<Object>(list.size());
            list.forEach(v -> out.add(plain(v)));
            return out;
        }
        if (value instanceof CharSequence || value instanceof Enum<?>) {
            return value.toString();
        }
        return value;
    }
}
