package io.livepulse.streaming.features;

import io.livepulse.models.features.SessionTotals;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Session state of {@link WatchSessionizer}: every open session is written at every checkpoint, so the counts are
 * variable-length (a byte or two each, zigzag-encoded so any value round-trips) and the last event time is stored as the offset from the first.
 */
public final class SessionTotalsSerializer extends ImmutableValueSerializer<SessionTotals> {
    public static final SessionTotalsSerializer INSTANCE = new SessionTotalsSerializer();
    public static final TypeInformation<SessionTotals> TYPE = new SerializerTypeInfo<>(SessionTotals.class, INSTANCE);

    @Override
    public void serialize(SessionTotals t, DataOutputView out) throws IOException {
        CompactFields.writeNullable(t.userId(), out);
        CompactFields.writeNullable(t.roomId(), out);
        out.writeLong(t.firstMs());
        CompactFields.writeVarLong(t.lastMs() - t.firstMs(), out);
        CompactFields.writeVarLong(t.heartbeats(), out);
        CompactFields.writeVarLong(t.validHeartbeats(), out);
        if (t.validHeartbeats() > 0) {
            out.writeDouble(t.sumT());
            out.writeDouble(t.sumV());
            out.writeDouble(t.sumR());
        }
        CompactFields.writeVarLong(t.interactions(), out);
        CompactFields.writeVarLong(t.chats(), out);
        CompactFields.writeVarLong(t.likes(), out);
        CompactFields.writeVarLong(t.gifts(), out);
        CompactFields.writeVarLong(t.giftValueMinor(), out);
    }

    @Override
    public SessionTotals deserialize(DataInputView in) throws IOException {
        String userId = CompactFields.readNullable(in);
        String roomId = CompactFields.readNullable(in);
        long firstMs = in.readLong();
        long lastMs = firstMs + CompactFields.readVarLong(in);
        int heartbeats = (int) CompactFields.readVarLong(in);
        int valid = (int) CompactFields.readVarLong(in);
        double sumT = valid > 0 ? in.readDouble() : 0.0;
        double sumV = valid > 0 ? in.readDouble() : 0.0;
        double sumR = valid > 0 ? in.readDouble() : 0.0;
        return new SessionTotals(userId, roomId, firstMs, lastMs, heartbeats, valid, sumT, sumV, sumR,
                CompactFields.readVarLong(in), CompactFields.readVarLong(in), CompactFields.readVarLong(in),
                CompactFields.readVarLong(in), CompactFields.readVarLong(in));
    }

    @Override
    public TypeSerializerSnapshot<SessionTotals> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the singleton. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SessionTotals> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
