package io.livepulse.streaming.features;

import io.livepulse.models.features.SessionTotals;
import java.io.IOException;
import java.util.ArrayList;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * State of {@link WatchSessionizer}, written at every checkpoint: the windows in {@link SessionTotalsSerializer}'s
 * form, then each player time as a variable-length offset from the previous one with the leave flag in its low bit
 * (a heartbeat every few seconds takes two bytes).
 */
public final class OpenSessionsSerializer extends TypeSerializerSingleton<OpenSessions> {
    public static final OpenSessionsSerializer INSTANCE = new OpenSessionsSerializer();
    public static final TypeInformation<OpenSessions> TYPE = new SerializerTypeInfo<>(OpenSessions.class, INSTANCE);

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public OpenSessions createInstance() {
        return new OpenSessions();
    }

    @Override
    public OpenSessions copy(OpenSessions from) {
        return from.deepCopy();
    }

    @Override
    public OpenSessions copy(OpenSessions from, OpenSessions reuse) {
        return from.deepCopy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(OpenSessions s, DataOutputView out) throws IOException {
        CompactFields.writeVarLong(s.windows().size(), out);
        for (SessionTotals w : s.windows()) {
            SessionTotalsSerializer.INSTANCE.serialize(w, out);
        }
        int n = s.playerTimes();
        CompactFields.writeVarLong(n, out);
        long previous = 0;
        for (int i = 0; i < n; i++) {
            long time = s.timeAt(i);
            if (i == 0) {
                out.writeLong(time);
                out.writeBoolean(s.leaveAt(i));
            } else {
                CompactFields.writeVarLong(((time - previous) << 1) | (s.leaveAt(i) ? 1 : 0), out);
            }
            previous = time;
        }
    }

    @Override
    public OpenSessions deserialize(DataInputView in) throws IOException {
        int windowCount = count(in);
        var windows = new ArrayList<SessionTotals>(Math.max(windowCount, 2));
        for (int i = 0; i < windowCount; i++) {
            windows.add(SessionTotalsSerializer.INSTANCE.deserialize(in));
        }
        int n = count(in);
        long[] times = new long[Math.max(n, 8)];
        boolean[] leaves = new boolean[times.length];
        for (int i = 0; i < n; i++) {
            if (i == 0) {
                times[0] = in.readLong();
                leaves[0] = in.readBoolean();
            } else {
                long packed = CompactFields.readVarLong(in);
                if (packed <= 1) {
                    throw new IOException("malformed session state: player times not increasing");
                }
                times[i] = times[i - 1] + (packed >>> 1);
                leaves[i] = (packed & 1) != 0;
            }
        }
        return new OpenSessions(windows, times, leaves, n);
    }

    @Override
    public OpenSessions deserialize(OpenSessions reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<OpenSessions> snapshotConfiguration() {
        return new Snapshot();
    }

    private static int count(DataInputView in) throws IOException {
        long n = CompactFields.readVarLong(in);
        if (n < 0 || n > Integer.MAX_VALUE - 8) {
            throw new IOException("malformed session state: count " + n);
        }
        return (int) n;
    }

    /** Restores the singleton. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<OpenSessions> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
