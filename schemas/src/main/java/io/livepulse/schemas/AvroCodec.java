package io.livepulse.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Kafka wire format: Avro single-object encoding ({@code C3 01}, the writer schema's 8-byte
 * little-endian CRC-64-AVRO fingerprint, then Avro binary).
 *
 * <p>A reader finds the writer schema by fingerprint in {@link SchemaHistory} and resolves it to the current
 * version of the same record, so records written by any released version decode into today's classes. Topics
 * may mix record types: the fingerprint also says which type a record is. Instances are thread-safe.
 */
public final class AvroCodec {
    static final byte MAGIC_0 = (byte) 0xC3;
    static final byte MAGIC_1 = (byte) 0x01;
    static final int HEADER_BYTES = 10;

    private static final AvroCodec STANDARD = new AvroCodec(SchemaHistory.standard());

    private final SchemaHistory history;
    private final Map<Long, SpecificDatumReader<SpecificRecord>> readers = new ConcurrentHashMap<>();
    private final Map<Schema, Writer> writers = new ConcurrentHashMap<>();

    public AvroCodec(SchemaHistory history) {
        this.history = history;
    }

    public static AvroCodec standard() {
        return STANDARD;
    }

    public byte[] encode(SpecificRecord record) {
        return writers.computeIfAbsent(record.getSchema(), s -> new Writer(s, true)).write(record);
    }

    /** Encodes with the given (possibly older) writer schema; for tests and replaying old data. */
    public byte[] encode(Object record, Schema writerSchema) {
        return new Writer(writerSchema, false).write(record);
    }

    /**
     * Decodes a record written by any released schema version.
     *
     * @throws AvroCodecException when the bytes are not single-object encoded, the fingerprint is unknown, or
     *     the body does not match its schema
     */
    public SpecificRecord decode(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_BYTES || bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
            throw new AvroCodecException("not an Avro single-object encoded record (expected header C3 01)");
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        var reader = readers.computeIfAbsent(fingerprint, this::readerFor);
        try {
            var decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES, null);
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new AvroCodecException("record body does not match schema " + Long.toHexString(fingerprint)
                    + ": " + e.getMessage());
        }
    }

    /** Decodes and checks the type. */
    public <T extends SpecificRecord> T decode(byte[] bytes, Class<T> type) {
        SpecificRecord record = decode(bytes);
        if (!type.isInstance(record)) {
            throw new AvroCodecException("expected " + type.getSimpleName() + " but the record is "
                    + record.getSchema().getName());
        }
        return type.cast(record);
    }

    private SpecificDatumReader<SpecificRecord> readerFor(long fingerprint) {
        var writer = history.byFingerprint(fingerprint).orElseThrow(() -> new AvroCodecException(
                "unknown schema fingerprint " + Long.toHexString(fingerprint)
                        + " (written by a schema this build does not know)"));
        var versions = history.versions(writer.schema().getFullName());
        Schema reader = versions.get(versions.size() - 1);
        return new SpecificDatumReader<>(writer.schema(), reader, SpecificData.getForSchema(reader));
    }

    private static final class Writer {
        private final byte[] header;
        private final SpecificDatumWriter<Object> datumWriter;

        /**
         * {@code generatedCode}: the record is written with its own class's schema, so the class's generated
         * encoder may write it: the same bytes as the generic writer, without its per-field schema walk.
         */
        Writer(Schema schema, boolean generatedCode) {
            this.header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                    .put(MAGIC_0).put(MAGIC_1).putLong(SchemaHistory.fingerprintOf(schema)).array();
            this.datumWriter = generatedCode ? new SpecificDatumWriter<>(schema, generatedCoders(schema))
                    : new SpecificDatumWriter<>(schema);
        }

        private static SpecificData generatedCoders(Schema schema) {
            var model = SpecificData.getForSchema(schema);
            var data = new SpecificData(model.getClassLoader());
            model.getConversions().forEach(data::addLogicalTypeConversion);
            data.setCustomCoders(true);
            return data;
        }

        byte[] write(Object record) {
            var out = SCRATCH.get();
            out.reset();
            out.write(header, 0, header.length);
            try {
                out.encoder = EncoderFactory.get().binaryEncoder(out, out.encoder);
                datumWriter.write(record, out.encoder);
                out.encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }

    /**
     * One reusable buffer and encoder per thread. The direct encoder writes each field to its stream separately,
     * and {@code ByteArrayOutputStream} locks on every write: encoding cost a third of parsing the JSON event.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** An unsynchronised growable byte buffer; the encoder writes straight into it. */
    private static final class Scratch extends java.io.OutputStream {
        /** A rare huge record does not pin its buffer to the thread. */
        private static final int MAX_KEPT_BYTES = 64 * 1024;
        private byte[] bytes = new byte[512];
        private int count;
        BinaryEncoder encoder;

        void reset() {
            count = 0;
            if (bytes.length > MAX_KEPT_BYTES) {
                bytes = new byte[512];
            }
        }

        @Override
        public void write(int b) {
            if (count == bytes.length) {
                grow(1);
            }
            bytes[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (count + len > bytes.length) {
                grow(len);
            }
            System.arraycopy(b, off, bytes, count, len);
            count += len;
        }

        private void grow(int more) {
            bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
        }

        byte[] toByteArray() {
            return java.util.Arrays.copyOf(bytes, count);
        }
    }
}
