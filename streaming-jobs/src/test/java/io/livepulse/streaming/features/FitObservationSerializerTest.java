package io.livepulse.streaming.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class FitObservationSerializerTest {
    private static final List<FitObservation> OBSERVATIONS = List.of(
            new FitObservation("r7", 1_767_261_600_000L, 0.42, 1.5, 0.25, 90_000, 3, 1, null),
            new FitObservation("r7", 1_767_261_600_000L, Double.NaN, 0.0, -0.0, 0, 0, -1, "global"),
            new FitObservation(null, -5, Double.POSITIVE_INFINITY, 1e-300, 7, Long.MAX_VALUE, Long.MIN_VALUE, 0,
                    "müsik"));

    @Test
    void observationsRoundTripWithNullsNaNAndWithdrawals() throws IOException {
        var out = new DataOutputSerializer(64);
        for (FitObservation o : OBSERVATIONS) {
            FitObservationSerializer.INSTANCE.serialize(o, out);
        }
        var in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (FitObservation o : OBSERVATIONS) {
            assertThat(FitObservationSerializer.INSTANCE.deserialize(in)).isEqualTo(o);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void copiesAreTheRecordAndTheSnapshotRestoresTheSingleton() throws IOException {
        var o = OBSERVATIONS.get(0);
        assertThat(FitObservationSerializer.INSTANCE.copy(o)).isSameAs(o);
        TypeSerializerSnapshot<FitObservation> snapshot = FitObservationSerializer.INSTANCE.snapshotConfiguration();
        var out = new DataOutputSerializer(16);
        snapshot.writeSnapshot(out);
        TypeSerializerSnapshot<FitObservation> restored = new FitObservationSerializer.Snapshot();
        restored.readSnapshot(snapshot.getCurrentVersion(), new DataInputDeserializer(out.getCopyOfBuffer()),
                getClass().getClassLoader());
        TypeSerializer<FitObservation> serializer = restored.restoreSerializer();
        assertThat(serializer).isSameAs(FitObservationSerializer.INSTANCE);
    }
}
