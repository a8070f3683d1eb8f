package io.livepulse.streaming.features;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** The field encodings the hand-written serializers share: nullable strings and variable-length numbers. */
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

    /**
     * A nullable string as its UTF-8 bytes after their count plus one (0 for null). For ASCII ids, the common case,
     * the JDK encodes and decodes UTF-8 with bulk array copies, where {@code writeUTF} and {@code StringValue} go char
     * by char; it allocates the bytes on both sides, though, so the per-event records keep {@code StringValue}.
     */
    static void writeUtf8(String value, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeByte(0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeVarLong(bytes.length + 1L, out);
        out.write(bytes);
    }

    static String readUtf8(DataInputView in) throws IOException {
        long length = readVarLong(in) - 1;
        if (length < 0) {
            return null;
        }
        if (length > Integer.MAX_VALUE - 16) {
            throw new IOException("corrupt string length " + length);
        }
        byte[] bytes = new byte[(int) length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
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
