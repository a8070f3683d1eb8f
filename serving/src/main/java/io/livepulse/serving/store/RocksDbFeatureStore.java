package io.livepulse.serving.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * The embedded feature store: one RocksDB database under {@code <data.dir>/serving/features}, keys
 * {@code table 0x00 key}. Writes go through the write-ahead log, so the store survives a restart.
 */
public final class RocksDbFeatureStore implements FeatureStore {
    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final WriteOptions writeOptions;
    private final RocksDB db;

    private RocksDbFeatureStore(Options options, RocksDB db) {
        this.options = options;
        this.writeOptions = new WriteOptions();
        this.db = db;
    }

    public static RocksDbFeatureStore open(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the feature store directory " + dir, e);
        }
        var options = new Options().setCreateIfMissing(true);
        try {
            return new RocksDbFeatureStore(options, RocksDB.open(options, dir.toString()));
        } catch (RocksDBException e) {
            options.close();
            throw new IllegalStateException("Cannot open the feature store at " + dir + ": " + e.getMessage()
                    + " (is another serving process using it?)", e);
        }
    }

    @Override
    public void put(String table, String key, byte[] value) {
        try {
            db.put(writeOptions, rowKey(table, key), value);
        } catch (RocksDBException e) {
            throw new FeatureStoreException("put " + table + "/" + key, e);
        }
    }

    @Override
    public Optional<byte[]> get(String table, String key) {
        try {
            return Optional.ofNullable(db.get(rowKey(table, key)));
        } catch (RocksDBException e) {
            throw new FeatureStoreException("get " + table + "/" + key, e);
        }
    }

    @Override
    public void delete(String table, String key) {
        try {
            db.delete(writeOptions, rowKey(table, key));
        } catch (RocksDBException e) {
            throw new FeatureStoreException("delete " + table + "/" + key, e);
        }
    }

    @Override
    public Map<String, byte[]> scan(String table, String keyPrefix) {
        byte[] prefix = rowKey(table, keyPrefix);
        int tableBytes = table.getBytes(StandardCharsets.UTF_8).length + 1;
        var result = new TreeMap<String, byte[]>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                byte[] k = it.key();
                result.put(new String(k, tableBytes, k.length - tableBytes, StandardCharsets.UTF_8), it.value());
            }
        }
        return result;
    }

    @Override
    public String kind() {
        return "rocksdb";
    }

    @Override
    public void close() {
        db.close();
        writeOptions.close();
        options.close();
    }

    static byte[] rowKey(String table, String key) {
        byte[] t = table.getBytes(StandardCharsets.UTF_8);
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] row = new byte[t.length + 1 + k.length];
        System.arraycopy(t, 0, row, 0, t.length);
        System.arraycopy(k, 0, row, t.length + 1, k.length);
        return row;
    }

    private static boolean startsWith(byte[] value, byte[] prefix) {
        if (value.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (value[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
