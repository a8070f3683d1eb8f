package io.livepulse.streaming.features;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/** Reads what the job wrote to Parquet: finished files and their partitions. */
final class Outputs {
    private Outputs() {}

    /** Rows of every committed Parquet file of {@code table} under {@code root}. */
    static <T extends SpecificRecord> List<T> parquet(Path root, String table) {
        var rows = new ArrayList<T>();
        Path dir = root.resolve(table);
        if (!Files.isDirectory(dir)) {
            return rows;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("part")
                    && f.getFileName().toString().endsWith(".parquet")).toList()) {
                var input = HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration());
                try (var reader = AvroParquetReader.<T>builder(input).build()) {
                    for (T row = reader.read(); row != null; row = reader.read()) {
                        rows.add(row);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Partition directories ({@code date=.../hour=...}) of a table. */
    static List<String> partitions(Path root, String table) {
        try (Stream<Path> files = Files.walk(root.resolve(table))) {
            return files.filter(f -> f.getFileName().toString().startsWith("part"))
                    .map(f -> root.resolve(table).relativize(f.getParent()).toString()).distinct().sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record as field -> value with doubles rounded to 9 significant digits (sums differ in the last bits). */
    static Map<String, Object> canonical(SpecificRecord record) {
        var r = (SpecificRecordBase) record;
        var map = new LinkedHashMap<String, Object>();
        r.getSchema().getFields().forEach(f -> map.put(f.name(), round(r.get(f.pos()))));
        return map;
    }

    private static Object round(Object value) {
        if (value instanceof Double d) {
            return d == 0.0 ? 0.0 : Double.parseDouble(String.format("%.9g", d));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Outputs::round).toList();
        }
        return value == null ? null : value.toString();
    }
}
