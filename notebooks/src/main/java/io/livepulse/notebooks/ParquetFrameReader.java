package io.livepulse.notebooks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.io.LocalInputFile;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Reads Avro-in-Parquet files into a Tablesaw table: columns follow the first file's Avro schema (nullable unions
 * become columns with missing values, enums and strings become string columns, arrays are joined as text), and
 * the {@code date=}/{@code hour=} directories become the columns {@code date} and {@code hour}.
 */
final class ParquetFrameReader {
    static final String DATE = "date";
    static final String HOUR = "hour";
    // AvroReadSupport.setAvroReadSchema only takes a Hadoop Configuration; this is its key.
    private static final String AVRO_READ_SCHEMA = "parquet.avro.read.schema";

    private ParquetFrameReader() {}

    static Table read(String name, List<Path> files) {
        Map<String, Column<?>> columns = null;
        var dates = StringColumn.create(DATE);
        var hours = IntColumn.create(HOUR);
        for (Path file : files) {
            String date = partition(file, DATE);
            String hour = partition(file, HOUR);
            try (var reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file),
                            new PlainParquetConfiguration())
                    .withDataModel(GenericData.get())
                    .build()) {
                GenericRecord record;
                while ((record = reader.read()) != null) {
                    if (columns == null) {
                        columns = columnsFor(record.getSchema());
                    }
                    append(columns, record);
                    dates.append(date);
                    if (hour == null) {
                        hours.appendMissing();
                    } else {
                        hours.append(Integer.parseInt(hour));
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new FeatureTableException("Cannot read " + file + " as an Avro Parquet file of table '" + name
                        + "': " + e.getMessage(), e);
            }
        }
        var table = Table.create(name);
        if (columns != null) {
            columns.values().forEach(table::addColumns);
        }
        return table.addColumns(dates, hours);
    }

    /** Typed records of the table, read with {@code type}'s schema (fields added since the file was written take their defaults). */
    static <T extends SpecificRecord> List<T> records(List<Path> files, Class<T> type) {
        Schema schema = SpecificData.get().getSchema(type);
        var out = new ArrayList<T>();
        for (Path file : files) {
            var conf = new PlainParquetConfiguration();
            conf.set(AVRO_READ_SCHEMA, schema.toString());
            try (var reader = AvroParquetReader.<T>builder(new LocalInputFile(file), conf)
                    .withDataModel(new SpecificData(type.getClassLoader()))
                    .build()) {
                T record;
                while ((record = reader.read()) != null) {
                    out.add(record);
                }
            } catch (IOException | RuntimeException e) {
                throw new FeatureTableException("Cannot read " + file + " as " + type.getSimpleName() + ": "
                        + e.getMessage(), e);
            }
        }
        return out;
    }

    private static String partition(Path file, String key) {
        for (Path part : file) {
            String s = part.toString();
            if (s.startsWith(key + "=")) {
                return s.substring(key.length() + 1);
            }
        }
        return null;
    }

    private static Map<String, Column<?>> columnsFor(Schema schema) {
        var columns = new LinkedHashMap<String, Column<?>>();
        for (Schema.Field field : schema.getFields()) {
            String name = field.name();
            columns.put(name, switch (nonNull(field.schema()).getType()) {
                case INT -> IntColumn.create(name);
                case LONG -> LongColumn.create(name);
                case FLOAT, DOUBLE -> DoubleColumn.create(name);
                case BOOLEAN -> BooleanColumn.create(name);
                default -> StringColumn.create(name);
            });
        }
        return columns;
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElse(schema);
    }

    private static void append(Map<String, Column<?>> columns, GenericRecord record) {
        columns.forEach((name, column) -> {
            Object value = record.getSchema().getField(name) == null ? null : record.get(name);
            if (value == null) {
                column.appendMissing();
                return;
            }
            if (column instanceof IntColumn c) {
                c.append(((Number) value).intValue());
            } else if (column instanceof LongColumn c) {
                c.append(((Number) value).longValue());
            } else if (column instanceof DoubleColumn c) {
                c.append(((Number) value).doubleValue());
            } else if (column instanceof BooleanColumn c) {
                c.append((Boolean) value);
            } else {
                ((StringColumn) column).append(text(value));
            }
        });
    }

    private static String text(Object value) {
        if (value instanceof Collection<?> items) {
            return items.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
        }
        return value.toString();
    }
}
