package io.livepulse.streaming.features;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** The field encodings the hand-written state serializers share: nullable strings and variable-length numbers. */
final class CompactFields {
    private CompactFields() {}

    static void writeNullable(String value, DataOutputView out) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    static String readNullable(DataInputView in) throws IOException {
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
        throw new IOException("malformed variable-length number in state");
    }
}
