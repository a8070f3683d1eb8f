package io.livepulse.streaming.features;

import io.livepulse.models.features.SessionTotals;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Session state of {@link WatchSessionizer}: every open session is written at every checkpoint, so the counts are
 * variable-length (a byte or two each, zigzag-encoded so any value round-trips) and the last event time is stored as the offset from the first.
 */
public final class SessionTotalsSerializer extends TypeSerializerSingleton<SessionTotals> {
    public static final SessionTotalsSerializer INSTANCE = new SessionTotalsSerializer();
    public static final TypeInformation<SessionTotals> TYPE = new SerializerTypeInfo<>(SessionTotals.class, INSTANCE);

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public SessionTotals createInstance() {
        return new SessionTotals("", "", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Override
    public SessionTotals copy(SessionTotals from) {
        return from;
    }

    @Override
    public SessionTotals copy(SessionTotals from, SessionTotals reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(SessionTotals t, DataOutputView out) throws IOException {
        writeNullable(t.userId(), out);
        writeNullable(t.roomId(), out);
        out.writeLong(t.firstMs());
        writeVarLong(t.lastMs() - t.firstMs(), out);
        writeVarLong(t.heartbeats(), out);
        writeVarLong(t.validHeartbeats(), out);
        if (t.validHeartbeats() > 0) {
            out.writeDouble(t.sumT());
            out.writeDouble(t.sumV());
            out.writeDouble(t.sumR());
        }
        writeVarLong(t.interactions(), out);
        writeVarLong(t.chats(), out);
        writeVarLong(t.likes(), out);
        writeVarLong(t.gifts(), out);
        writeVarLong(t.giftValueMinor(), out);
    }

    @Override
    public SessionTotals deserialize(DataInputView in) throws IOException {
        String userId = readNullable(in);
        String roomId = readNullable(in);
        long firstMs = in.readLong();
        long lastMs = firstMs + readVarLong(in);
        int heartbeats = (int) readVarLong(in);
        int valid = (int) readVarLong(in);
        double sumT = valid > 0 ? in.readDouble() : 0.0;
        double sumV = valid > 0 ? in.readDouble() : 0.0;
        double sumR = valid > 0 ? in.readDouble() : 0.0;
        return new SessionTotals(userId, roomId, firstMs, lastMs, heartbeats, valid, sumT, sumV, sumR,
                readVarLong(in), readVarLong(in), readVarLong(in), readVarLong(in), readVarLong(in));
    }

    @Override
    public SessionTotals deserialize(SessionTotals reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<SessionTotals> snapshotConfiguration() {
        return new Snapshot();
    }

    private static void writeNullable(String value, DataOutputView out) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    /** Zigzag, then seven bits a byte with the high bit set while more follow: small counts take one byte. */
    static void writeVarLong(long signed, DataOutputView out) throws IOException {
        long value = (signed << 1) ^ (signed >> 63);
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    static long readVarLong(DataInputView in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (value >>> 1) ^ -(value & 1);
            }
        }
        throw new IOException("malformed variable-length number in session state");
    }

    /** Restores the singleton. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SessionTotals> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
