package io.livepulse.streaming.features;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * A bounded source replaying pre-generated Avro-encoded events in order (decoded in the source, like the
 * Kafka source): for benchmarks without Kafka and for tests that need a fixed arrival order.
 */
public final class EncodedEventsSource {
    private EncodedEventsSource() {}

    /** All records as fast as possible. */
    public static DataGeneratorSource<Decoded> of(List<byte[]> records) {
        return of(records, RateLimiterStrategy.noOp());
    }

    /**
     * All records, at most {@code rate} (e.g. {@code RateLimiterStrategy.perSecond(1000)}). The records travel
     * inside the job graph, so this suits small logs; large ones go through {@link #fromFile}.
     */
    public static DataGeneratorSource<Decoded> of(List<byte[]> records, RateLimiterStrategy<?> rate) {
        byte[][] encoded = records.toArray(new byte[0][]);
        GeneratorFunction<Long, Decoded> decode = index -> Decoded.of(encoded[index.intValue()]);
        return new DataGeneratorSource<>(decode, encoded.length, rate, DecodedSerializer.TYPE);
    }

    /** Writes {@code records} to {@code file} for {@link #fromFile}: a count, then each length and its bytes. */
    public static void write(List<byte[]> records, Path file) throws IOException {
        try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(records.size());
            for (byte[] r : records) {
                out.writeInt(r.length);
                out.write(r);
            }
        }
    }

    /** Reads back all records of a file written by {@link #write}. */
    public static List<byte[]> readAll(Path file) throws IOException {
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            var records = new byte[in.readInt()][];
            for (int i = 0; i < records.length; i++) {
                records[i] = new byte[in.readInt()];
                in.readFully(records[i]);
            }
            return Arrays.asList(records);
        }
    }

    /**
     * All records of a file written by {@link #write}, as fast as possible. Each reader maps the file into memory
     * instead of loading it onto the heap, so the input, like a Kafka topic's, is not part of the job's live heap
     * that the garbage collector traces; each record is copied out when the source emits it.
     */
    public static DataGeneratorSource<Decoded> fromFile(Path file) throws IOException {
        int count;
        try (var in = new DataInputStream(Files.newInputStream(file))) {
            count = in.readInt();
        }
        return new DataGeneratorSource<>(new FileRecords(file.toString()), count, RateLimiterStrategy.noOp(),
                DecodedSerializer.TYPE);
    }

    /** Decodes record {@code index} of the file, which it maps and indexes when the reader opens. */
    static final class FileRecords implements GeneratorFunction<Long, Decoded> {
        private final String file;
        private transient MappedByteBuffer mapped;
        /** Where each record's bytes start in the file; its length is the int just before. */
        private transient long[] offsets;

        FileRecords(String file) {
            this.file = file;
        }

        @Override
        public void open(SourceReaderContext readerContext) throws IOException {
            try (var channel = FileChannel.open(Path.of(file), StandardOpenOption.READ)) {
                if (channel.size() > Integer.MAX_VALUE) {
                    throw new IOException(file + " is larger than 2 GB; write fewer events per file");
                }
                mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            }
            offsets = new long[mapped.getInt(0)];
            int position = Integer.BYTES;
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = position + Integer.BYTES;
                position += Integer.BYTES + mapped.getInt(position);
            }
        }

        @Override
        public Decoded map(Long index) {
            int offset = (int) offsets[index.intValue()];
            byte[] record = new byte[mapped.getInt(offset - Integer.BYTES)];
            mapped.get(offset, record);
            return Decoded.of(record);
        }
    }
}
