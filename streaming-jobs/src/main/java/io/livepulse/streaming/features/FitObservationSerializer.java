package io.livepulse.streaming.features;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link FitObservation} on the fit exchanges (folder to category enricher to fitter, which carry
 * every session twice or three times): the fields in a fixed order, instead of Flink's POJO serializer, which
 * checks each record's class and builds it through reflection. Observations are immutable records, so copies
 * between chained operators return the same instance. The enricher's pending-observation state keeps its own
 * (POJO) type, so its snapshots are unchanged.
 */
public final class FitObservationSerializer extends ImmutableValueSerializer<FitObservation> {
    public static final FitObservationSerializer INSTANCE = new FitObservationSerializer();
    /** The type information to declare streams of {@link FitObservation} with. */
    public static final TypeInformation<FitObservation> TYPE = new SerializerTypeInfo<>(FitObservation.class, INSTANCE);

    @Override
    public void serialize(FitObservation o, DataOutputView out) throws IOException {
        CompactFields.writeUtf8(o.roomId(), out);
        out.writeLong(o.sessionEndMs());
        out.writeDouble(o.transmissionTerm());
        out.writeDouble(o.chatPerMinute());
        out.writeDouble(o.likesPerMinute());
        out.writeLong(o.watchTimeMs());
        out.writeLong(o.giftCount());
        out.writeInt(o.weight());
        CompactFields.writeUtf8(o.scope(), out);
    }

    @Override
    public FitObservation deserialize(DataInputView in) throws IOException {
        return new FitObservation(CompactFields.readUtf8(in), in.readLong(), in.readDouble(), in.readDouble(),
                in.readDouble(), in.readLong(), in.readLong(), in.readInt(), CompactFields.readUtf8(in));
    }

    @Override
    public TypeSerializerSnapshot<FitObservation> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the singleton. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FitObservation> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
