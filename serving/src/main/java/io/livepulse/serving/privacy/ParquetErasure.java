package io.livepulse.serving.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes one user's rows from the offline tables ({@code <data.dir>/parquet/<table>/date=.../hour=.../*.parquet},
 * written by the streaming job): every committed file of a table with a {@code userId} column is read; a file that
 * holds the user is rewritten without those rows into a hidden file next to it, which then replaces it by an
 * atomic rename (a file left with no rows is deleted). Readers see the old file or the new one, never half of one.
 *
 * <p>Files the Flink file sink is still writing (hidden, in progress) cannot be rewritten: they are counted, and
 * training leaves the user out through the erasure list when they are committed.
 */
final class ParquetErasure {
    private static final Logger LOG = LoggerFactory.getLogger(ParquetErasure.class);
    static final String USER_COLUMN = "userId";
    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

    /** What a run removed. */
    record Result(long rows, int filesRewritten, int filesDeleted, int filesScanned, int inProgressSkipped) {}

    private final Path root;

    ParquetErasure(Path root) {
        this.root = root;
    }

    Result erase(String userId) {
        if (!Files.isDirectory(root)) {
            return new Result(0, 0, 0, 0, 0);
        }
        List<Path> files;
        int inProgress;
        try (Stream<Path> walk = Files.walk(root)) {
            var all = walk.filter(Files::isRegularFile).toList();
            files = all.stream().filter(f -> f.getFileName().toString().endsWith(".parquet")
                    && !f.getFileName().toString().startsWith(".")).sorted().toList();
            inProgress = (int) all.stream().filter(f -> f.getFileName().toString().startsWith(".part")).count();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the Parquet tables under " + root, e);
        }
        long rows = 0;
        int rewritten = 0;
        int deleted = 0;
        long start = System.nanoTime();
        long lastReport = start;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            long removed = eraseFrom(file, userId);
            if (removed > 0) {
                rows += removed;
                if (Files.exists(file)) {
                    rewritten++;
                } else {
                    deleted++;
                }
            }
            long now = System.nanoTime();
            if (now - lastReport > PROGRESS_EVERY_NANOS) {
                double rate = (i + 1) / ((now - start) / 1e9);
                LOG.info("Erasure: {} of {} Parquet files scanned ({} files/s, ETA {} s)", i + 1, files.size(),
                        Math.round(rate), Math.round((files.size() - i - 1) / rate));
                lastReport = now;
            }
        }
        return new Result(rows, rewritten, deleted, files.size(), inProgress);
    }

    /** Rewrites {@code file} without {@code userId}'s rows; returns how many rows were removed. */
    private static long eraseFrom(Path file, String userId) {
        var kept = new ArrayList<GenericRecord>();
        long removed = 0;
        Schema schema = null;
        try (var reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file),
                        new PlainParquetConfiguration())
                .withDataModel(GenericData.get())
                .build()) {
            GenericRecord record;
            while ((record = reader.read()) != null) {
                if (schema == null) {
                    schema = record.getSchema();
                    if (schema.getField(USER_COLUMN) == null) {
                        return 0; // a table not keyed by user
                    }
                }
                if (userId.equals(String.valueOf(record.get(USER_COLUMN)))) {
                    removed++;
                } else {
                    kept.add(record);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + " to erase a user from it", e);
        }
        if (removed == 0) {
            return 0;
        }
        try {
            if (kept.isEmpty()) {
                Files.delete(file);
                return removed;
            }
            Path tmp = file.resolveSibling("." + file.getFileName() + ".erasure-tmp");
            Files.deleteIfExists(tmp);
            try (var writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(tmp))
                    .withConf(new PlainParquetConfiguration())
                    .withDataModel(GenericData.get())
                    .withSchema(schema)
                    .withCompressionCodec(codecOf(file))
                    .build()) {
                for (GenericRecord r : kept) {
                    writer.write(r);
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return removed;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rewrite " + file + " without the erased user", e);
        }
    }

    private static CompressionCodecName codecOf(Path file) throws IOException {
        try (var reader = ParquetFileReader.open(new LocalInputFile(file))) {
            var blocks = reader.getFooter().getBlocks();
            return blocks.isEmpty() || blocks.get(0).getColumns().isEmpty() ? CompressionCodecName.UNCOMPRESSED
                    : blocks.get(0).getColumns().get(0).getCodec();
        }
    }
}
