package io.livepulse.streaming.features;

import io.livepulse.models.features.RoomPane;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Flink state serializer of a {@link RoomPane}: its own compact binary form, no Kryo. */
public final class RoomPaneSerializer extends TypeSerializerSingleton<RoomPane> {
    public static final RoomPaneSerializer INSTANCE = new RoomPaneSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public RoomPane createInstance() {
        return new RoomPane(0, 1);
    }

    @Override
    public RoomPane copy(RoomPane from) {
        return from.copy();
    }

    @Override
    public RoomPane copy(RoomPane from, RoomPane reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(RoomPane record, DataOutputView target) throws IOException {
        record.writeTo(target);
    }

    @Override
    public RoomPane deserialize(DataInputView source) throws IOException {
        return RoomPane.readFrom(source);
    }

    @Override
    public RoomPane deserialize(RoomPane reuse, DataInputView source) throws IOException {
        return RoomPane.readFrom(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        RoomPane.readFrom(source).writeTo(target);
    }

    @Override
    public TypeSerializerSnapshot<RoomPane> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the singleton. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RoomPane> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
