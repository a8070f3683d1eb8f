package io.livepulse.serving.store;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The feature store in Redis, for several serving processes: one hash per table ({@code <prefix><table>}), one
 * field per key. A prefix scan is an {@code HSCAN ... MATCH prefix*}.
 */
public final class RedisFeatureStore implements FeatureStore {
    private final JedisPooled redis;
    private final String keyPrefix;

    public RedisFeatureStore(String host, int port, String keyPrefix) {
        this.redis = new JedisPooled(host, port);
        this.keyPrefix = keyPrefix;
    }

    @Override
    public void put(String table, String key, byte[] value) {
        try {
            redis.hset(hash(table), bytes(key), value);
        } catch (JedisException e) {
            throw new FeatureStoreException("put " + table + "/" + key, e);
        }
    }

    @Override
    public Optional<byte[]> get(String table, String key) {
        try {
            return Optional.ofNullable(redis.hget(hash(table), bytes(key)));
        } catch (JedisException e) {
            throw new FeatureStoreException("get " + table + "/" + key, e);
        }
    }

    @Override
    public void delete(String table, String key) {
        try {
            redis.hdel(hash(table), bytes(key));
        } catch (JedisException e) {
            throw new FeatureStoreException("delete " + table + "/" + key, e);
        }
    }

    @Override
    public Map<String, byte[]> scan(String table, String prefix) {
        var result = new TreeMap<String, byte[]>();
        var params = new ScanParams().match(bytes(globEscape(prefix) + "*")).count(500);
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        try {
            do {
                ScanResult<Map.Entry<byte[], byte[]>> page = redis.hscan(hash(table), cursor, params);
                for (var entry : page.getResult()) {
                    result.put(new String(entry.getKey(), StandardCharsets.UTF_8), entry.getValue());
                }
                cursor = page.getCursorAsBytes();
            } while (!"0".equals(new String(cursor, StandardCharsets.UTF_8)));
        } catch (JedisException e) {
            throw new FeatureStoreException("scan " + table + "/" + prefix, e);
        }
        return result;
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public void close() {
        redis.close();
    }

    private byte[] hash(String table) {
        return bytes(keyPrefix + table);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String globEscape(String s) {
        var out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
