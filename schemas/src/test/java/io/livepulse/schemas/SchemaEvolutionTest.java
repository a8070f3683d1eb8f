package io.livepulse.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.schemas.event.ChatMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** The build fails when a schema change would break readers of older data. */
class SchemaEvolutionTest {
    private final SchemaHistory history = SchemaHistory.standard();

    @Test
    void newestVersionOfEverySchemaReadsEveryReleasedVersion() {
        var broken = new TreeMap<String, String>();
        history.all().forEach((name, versions) -> {
            Schema newest = versions.get(versions.size() - 1);
            for (int v = 0; v < versions.size() - 1; v++) {
                var result = SchemaCompatibility.checkReaderWriterCompatibility(newest, versions.get(v));
                if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                    broken.put(name + " v" + (v + 1), result.getResult().getIncompatibilities().toString());
                }
            }
        });
        assertThat(broken).as("schemas whose newest version cannot read an older one").isEmpty();
    }

    @Test
    void compatibilityCheckCatchesABreakingChange() {
        Schema v1 = history.versions(ChatMessage.getClassSchema().getFullName()).get(0);
        // A new required field without a default cannot read v1 data.
        String json = v1.toString().replace("\"fields\":[",
                "\"fields\":[{\"name\":\"mustHave\",\"type\":\"string\"},");
        Schema breaking = new Schema.Parser().parse(json);
        var result = SchemaCompatibility.checkReaderWriterCompatibility(breaking, v1);
        assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void chatMessageHasTwoReleasedVersionsAndVersionTwoAddedLanguage() {
        List<Schema> versions = history.versions(ChatMessage.getClassSchema().getFullName());
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).getField("language")).isNull();
        assertThat(versions.get(1).getField("language").defaultVal()).isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
    }

    @Test
    void recordWrittenWithVersionOneDecodesIntoTheNewestClass() {
        Schema v1 = history.versions(ChatMessage.getClassSchema().getFullName()).get(0);
        GenericRecord old = new GenericData.Record(v1);
        old.put("eventId", "e-1");
        old.put("userId", "u1");
        old.put("roomId", "r1");
        old.put("eventTimeMs", 1_700_000_000_000L);
        old.put("receivedTimeMs", 1_700_000_000_500L);
        old.put("schemaVersion", 1);
        old.put("kind", new GenericData.EnumSymbol(v1.getField("kind").schema(), "DANMAKU"));
        old.put("text", "主播加油");
        byte[] bytes = AvroCodec.standard().encode(old, v1);

        ChatMessage decoded = AvroCodec.standard().decode(bytes, ChatMessage.class);

        assertThat(decoded.getText()).isEqualTo("主播加油");
        assertThat(decoded.getSchemaVersion()).isEqualTo(1);
        assertThat(decoded.getLanguage()).isNull();
        assertThat(decoded.getDanmakuMode()).isNull();
    }

    @Test
    void everySchemaVersionMatchesTheLockFile() throws IOException {
        var lock = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/schema.lock")) {
            assertThat(in).as("src/test/resources/schema.lock").isNotNull();
            lock.load(in);
        }
        Map<String, String> actual = lockEntries();
        assertThat(new TreeMap<>(lock.entrySet().stream()
                        .collect(Collectors.toMap(e -> (String) e.getKey(), e -> (String) e.getValue()))))
                .as("""
                    A schema changed without a new version. Copy the released .avsc into \
                    src/main/resources/io/livepulse/schemas/history/<Name>.v<N>.avsc, bump schemaVersion's \
                    default, then update src/test/resources/schema.lock to""")
                .isEqualTo(actual);
    }

    /** name.vN = fingerprint of every version; a released version must never change. */
    static Map<String, String> lockEntries() {
        var entries = new TreeMap<String, String>();
        SchemaHistory.standard().all().forEach((name, versions) -> {
            for (int v = 0; v < versions.size(); v++) {
                entries.put(name + ".v" + (v + 1), Long.toHexString(SchemaHistory.fingerprintOf(versions.get(v))));
            }
        });
        return entries;
    }

    @Test
    void eventSchemasDeclareTheirVersionAsTheDefaultOfSchemaVersion() {
        for (EventType type : EventType.values()) {
            var versions = history.versions(type.schema().getFullName());
            assertThat(type.schema().getField("schemaVersion").defaultVal())
                    .as(type.schema().getName())
                    .isEqualTo(versions.size());
        }
    }
}
