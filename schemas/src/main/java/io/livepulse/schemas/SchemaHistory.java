package io.livepulse.schemas;

import io.livepulse.schemas.event.DeadLetter;
import io.livepulse.schemas.feature.ModelFit;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.RoomSentiment;
import io.livepulse.schemas.feature.SentimentAlert;
import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.schemas.feature.WatchSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Every released version of every LivePulse schema, found by name or by the 64-bit fingerprint that
 * prefixes each record on the wire.
 *
 * <p>The current version of a schema is the generated class's; older released versions are kept as
 * {@code io/livepulse/schemas/history/<Name>.v<N>.avsc} resources. A schema's version is the number of
 * released versions before it plus one. To change a schema: copy its current {@code .avsc} into the history
 * as the next {@code v<N>}, edit the current one (new fields need defaults), and bump {@code schemaVersion}'s
 * default. {@code SchemaEvolutionTest} fails when the new version cannot read an old one.
 */
public final class SchemaHistory {
    private static final String HISTORY = "/io/livepulse/schemas/history/";

    /** The current schema of every record LivePulse writes to Kafka or Parquet. */
    public static final List<Schema> CURRENT = Collections.unmodifiableList(currentSchemas());

    private static final SchemaHistory STANDARD = load();

    private final Map<String, List<Schema>> versionsByName;
    private final Map<Long, VersionedSchema> byFingerprint;

    /** A schema and its version number (1 = first release). */
    public record VersionedSchema(Schema schema, int version) {
        public long fingerprint() {
            return fingerprintOf(schema);
        }
    }

    private SchemaHistory(Map<String, List<Schema>> versionsByName) {
        this.versionsByName = versionsByName;
        this.byFingerprint = new HashMap<>();
        versionsByName.values().forEach(versions -> {
            for (int i = 0; i < versions.size(); i++) {
                byFingerprint.put(fingerprintOf(versions.get(i)), new VersionedSchema(versions.get(i), i + 1));
            }
        });
    }

    /** The history bundled with this jar. */
    public static SchemaHistory standard() {
        return STANDARD;
    }

    static SchemaHistory load() {
        var versions = new LinkedHashMap<String, List<Schema>>();
        for (Schema current : CURRENT) {
            var list = new ArrayList<>(released(current.getName()));
            list.add(current);
            versions.put(current.getFullName(), Collections.unmodifiableList(list));
        }
        return new SchemaHistory(Collections.unmodifiableMap(versions));
    }

    private static List<Schema> released(String simpleName) {
        var list = new ArrayList<Schema>();
        for (int v = 1; ; v++) {
            try (InputStream in = SchemaHistory.class.getResourceAsStream(HISTORY + simpleName + ".v" + v + ".avsc")) {
                if (in == null) {
                    return list;
                }
                list.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read released schema " + simpleName + " v" + v, e);
            }
        }
    }

    /** All versions of the record with this full name, oldest first; empty if unknown. */
    public List<Schema> versions(String fullName) {
        return versionsByName.getOrDefault(fullName, List.of());
    }

    public Map<String, List<Schema>> all() {
        return versionsByName;
    }

    public Optional<VersionedSchema> byFingerprint(long fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    /** The CRC-64-AVRO fingerprint of the schema's parsing canonical form, as in single-object encoding. */
    public static long fingerprintOf(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    private static List<Schema> currentSchemas() {
        var events = Arrays.stream(EventType.values()).map(EventType::schema);
        var outputs = Stream.of(
                DeadLetter.getClassSchema(),
                UserRoomFeatures.getClassSchema(),
                RoomMetrics.getClassSchema(),
                ModelFit.getClassSchema(),
                RoomSentiment.getClassSchema(),
                SentimentAlert.getClassSchema(),
                WatchSession.getClassSchema());
        return Stream.concat(events, outputs).toList();
    }
}
