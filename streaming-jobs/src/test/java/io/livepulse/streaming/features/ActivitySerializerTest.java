package io.livepulse.streaming.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.models.features.Activity;
import io.livepulse.models.features.ActivityKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class ActivitySerializerTest {
    private static final long T = 1_767_261_600_000L;

    static List<Activity> everyKind() {
        var all = new ArrayList<Activity>();
        for (ActivityKind kind : ActivityKind.values()) {
            all.add(new Activity(kind, "e-" + kind, "u1", "r7", T + kind.ordinal(), 3000.0, 12_500.5,
                    kind.ordinal() + 1, 100L * kind.ordinal(), kind == ActivityKind.ROOM ? "games" : null));
        }
        all.add(Activity.of(ActivityKind.HEARTBEAT, "e-nan", "u2", "r1", -5));
        all.add(new Activity(ActivityKind.ROOM, "e-null-user", null, "r2", T, Double.NaN, Double.NaN, 1, 0L, "müsik"));
        all.add(Activity.of(ActivityKind.CHAT, "", "用户\uD83D\uDE00", "r\u0000", T));
        return all;
    }

    @Test
    void everyKindRoundTripsWithNullsAndNaN() throws IOException {
        var out = new DataOutputSerializer(64);
        for (Activity a : everyKind()) {
            ActivitySerializer.INSTANCE.serialize(a, out);
        }
        var in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (Activity a : everyKind()) {
            assertThat(ActivitySerializer.INSTANCE.deserialize(in)).isEqualTo(a);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void copyingBetweenViewsKeepsTheBytes() throws IOException {
        var a = everyKind().get(7);
        var first = new DataOutputSerializer(64);
        ActivitySerializer.INSTANCE.serialize(a, first);
        var second = new DataOutputSerializer(64);
        ActivitySerializer.INSTANCE.copy(new DataInputDeserializer(first.getCopyOfBuffer()), second);
        assertThat(second.getCopyOfBuffer()).isEqualTo(first.getCopyOfBuffer());
    }

    @Test
    void immutableRecordsAreNotCopied() {
        var a = everyKind().get(0);
        assertThat(ActivitySerializer.INSTANCE.isImmutableType()).isTrue();
        assertThat(ActivitySerializer.INSTANCE.copy(a)).isSameAs(a);
    }

    @Test
    void anUnknownKindIsAClearError() {
        var in = new DataInputDeserializer(new byte[] {(byte) 99, 0, 0, 0});
        assertThatThrownBy(() -> ActivitySerializer.INSTANCE.deserialize(in)).isInstanceOf(IOException.class)
                .hasMessageContaining("kind 99");
    }

    @Test
    void theSnapshotRestoresACompatibleSerializer() throws IOException {
        TypeSerializerSnapshot<Activity> snapshot = ActivitySerializer.INSTANCE.snapshotConfiguration();
        var out = new DataOutputSerializer(64);
        snapshot.writeSnapshot(out);
        TypeSerializerSnapshot<Activity> restored = new ActivitySerializer.Snapshot();
        restored.readSnapshot(snapshot.getCurrentVersion(), new DataInputDeserializer(out.getCopyOfBuffer()),
                getClass().getClassLoader());
        TypeSerializer<Activity> serializer = restored.restoreSerializer();
        assertThat(serializer).isSameAs(ActivitySerializer.INSTANCE);
        TypeSerializerSchemaCompatibility<Activity> compatibility =
                ActivitySerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
    }
}
