package io.livepulse.streaming.features;

import io.livepulse.models.features.Activity;
import io.livepulse.models.features.ActivityKind;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Serializer of the feature job's hot record, {@link Activity}: a kind byte and the fields in a fixed order, no
 * reflection or per-field null masks as in Flink's POJO serializer. An {@code Activity} is an immutable record, so
 * copies between chained operators return the same instance.
 */
public final class ActivitySerializer extends ImmutableValueSerializer<Activity> {
    public static final ActivitySerializer INSTANCE = new ActivitySerializer();
    /** The type information to declare streams and state of {@link Activity} with. */
    public static final TypeInformation<Activity> TYPE = new SerializerTypeInfo<>(Activity.class, INSTANCE);

    private static final ActivityKind[] KINDS = ActivityKind.values();

    @Override
    public void serialize(Activity a, DataOutputView out) throws IOException {
        out.writeByte(a.kind().ordinal());
        StringValue.writeString(a.eventId(), out);
        StringValue.writeString(a.userId(), out);
        StringValue.writeString(a.roomId(), out);
        out.writeLong(a.timeMs());
        out.writeDouble(a.bitrateKbps());
        out.writeDouble(a.bandwidthKbps());
        out.writeInt(a.count());
        out.writeLong(a.amountMinor());
        StringValue.writeString(a.category(), out);
    }

    @Override
    public Activity deserialize(DataInputView in) throws IOException {
        int kind = in.readUnsignedByte();
        if (kind >= KINDS.length) {
            throw new IOException("corrupt Activity: kind " + kind + " (known: " + KINDS.length + ")");
        }
        return new Activity(KINDS[kind], StringValue.readString(in), StringValue.readString(in),
                StringValue.readString(in), in.readLong(), in.readDouble(), in.readDouble(), in.readInt(), in.readLong(),
                StringValue.readString(in));
    }

    @Override
    public TypeSerializerSnapshot<Activity> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the singleton. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Activity> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
