package io.livepulse.streaming.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.models.features.SessionTotals;
import java.io.IOException;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SessionTotalsSerializerTest {
    private static final List<SessionTotals> SAMPLES = List.of(
            new SessionTotals("u1", "r7", 1_767_261_600_000L, 1_767_265_200_000L, 120, 118, 0.123456789, 354_000.5,
                    1_180_000.25, 42, 30, 7, 3, 15_000),
            new SessionTotals("观众", "r2", 5, 5, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0),
            new SessionTotals(null, null, -10, Long.MAX_VALUE - 20, Integer.MAX_VALUE, 1, Double.NaN, -1.5,
                    Double.MIN_VALUE, Long.MIN_VALUE, -1, Long.MAX_VALUE, -300, -99));

    @Test
    void everyFieldRoundTripsIncludingNullsNegativesAndExtremes() throws IOException {
        var out = new DataOutputSerializer(64);
        for (SessionTotals t : SAMPLES) {
            SessionTotalsSerializer.INSTANCE.serialize(t, out);
        }
        var in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (SessionTotals t : SAMPLES) {
            assertThat(SessionTotalsSerializer.INSTANCE.deserialize(in)).isEqualTo(t);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void aTypicalSessionTakesFarFewerBytesThanItsFields() throws IOException {
        var out = new DataOutputSerializer(64);
        SessionTotalsSerializer.INSTANCE.serialize(SAMPLES.get(0), out);
        assertThat(out.length()).as("two short ids, a time, 3 doubles and 9 small counts").isLessThan(60);
    }

    @Test
    void truncatedStateIsAClearError() throws IOException {
        var out = new DataOutputSerializer(64);
        SessionTotalsSerializer.INSTANCE.serialize(SAMPLES.get(0), out);
        byte[] cut = java.util.Arrays.copyOf(out.getCopyOfBuffer(), out.length() - 3);
        assertThatThrownBy(() -> SessionTotalsSerializer.INSTANCE.deserialize(new DataInputDeserializer(cut)))
                .isInstanceOf(IOException.class);
    }
}
