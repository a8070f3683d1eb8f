package io.livepulse.serving.store;

import java.util.Map;
import java.util.Optional;

/**
 * The online feature store: byte values under a key, grouped in named tables. Implementations are the embedded
 * {@link RocksDbFeatureStore} (survives a restart, one process) and {@link RedisFeatureStore} (shared by many
 * serving processes). {@link OnlineFeatures} gives the typed view the API reads.
 */
public interface FeatureStore extends AutoCloseable {

    void put(String table, String key, byte[] value);

    Optional<byte[]> get(String table, String key);

    void delete(String table, String key);

    /** Every entry of {@code table} whose key starts with {@code keyPrefix}, ordered by key. */
    Map<String, byte[]> scan(String table, String keyPrefix);

    /** A short name for logs and {@code /v1/models}: {@code rocksdb} or {@code redis}. */
    String kind();

    @Override
    void close();
}
