package io.livepulse.streaming.features;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Serializer of the source's output, {@link Decoded}: a decoded event ({@link ActivitySerializer}) or a rejection
 * with its reason and raw bytes. No operator changes a {@code Decoded} or its raw bytes after the source built it,
 * so it is treated as immutable: the copy to the chained dead-letter router returns the same instance.
 */
public final class DecodedSerializer extends ImmutableValueSerializer<Decoded> {
    public static final DecodedSerializer INSTANCE = new DecodedSerializer();
    /** The type information to declare streams of {@link Decoded} with. */
    public static final TypeInformation<Decoded> TYPE = new SerializerTypeInfo<>(Decoded.class, INSTANCE);

    @Override
    public void serialize(Decoded d, DataOutputView out) throws IOException {
        if (d.activity() != null) {
            out.writeBoolean(true);
            ActivitySerializer.INSTANCE.serialize(d.activity(), out);
            return;
        }
        out.writeBoolean(false);
        StringValue.writeString(d.rejectReason(), out);
        out.writeInt(d.raw() == null ? -1 : d.raw().length);
        if (d.raw() != null) {
            out.write(d.raw());
        }
    }

    @Override
    public Decoded deserialize(DataInputView in) throws IOException {
        if (in.readBoolean()) {
            return new Decoded(ActivitySerializer.INSTANCE.deserialize(in), null, null);
        }
        String reason = StringValue.readString(in);
        int length = in.readInt();
        if (length < -1) {
            throw new IOException("corrupt Decoded: raw length " + length);
        }
        byte[] raw = null;
        if (length >= 0) {
            raw = new byte[length];
            in.readFully(raw);
        }
        return new Decoded(null, reason, raw);
    }

    @Override
    public TypeSerializerSnapshot<Decoded> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the singleton. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Decoded> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
