package io.livepulse.notebooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/** Writes records as the streaming job lays them out: {@code parquet/<table>/date=YYYY-MM-DD/hour=HH/sample-0.parquet}. */
final class ParquetTableWriter {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH").withZone(ZoneOffset.UTC);

    private ParquetTableWriter() {}

    /** Writes {@code rows} partitioned by the hour of {@code timeMs} (replacing earlier sample files); returns the count. */
    static <T extends SpecificRecord> int write(Path dataDir, String table, Schema schema, List<T> rows,
            ToLongFunction<T> timeMs) {
        var byPartition = new TreeMap<String, List<T>>();
        for (T row : rows) {
            Instant at = Instant.ofEpochMilli(timeMs.applyAsLong(row));
            byPartition.computeIfAbsent("date=" + DATE.format(at) + "/hour=" + HOUR.format(at), k -> new ArrayList<>())
                    .add(row);
        }
        Path dir = dataDir.resolve("parquet").resolve(table);
        try {
            for (var partition : byPartition.entrySet()) {
                Path file = dir.resolve(partition.getKey()).resolve("sample-0.parquet");
                Files.createDirectories(file.getParent());
                try (var writer = AvroParquetWriter.<T>builder(new LocalOutputFile(file))
                        .withSchema(schema)
                        .withDataModel(SpecificData.get())
                        .withConf(new PlainParquetConfiguration())
                        .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                        .build()) {
                    for (T row : partition.getValue()) {
                        writer.write(row);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the table " + table + " under " + dir, e);
        }
        return rows.size();
    }
}
