package io.livepulse.serving.store;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The contract against a real {@code redis-server} (Debian package) started for this class. */
class RedisFeatureStoreITCase extends FeatureStoreContract {
    private static final AtomicInteger DB = new AtomicInteger();
    static RedisServer redis;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start(dir);
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    FeatureStore open() {
        return new RedisFeatureStore("127.0.0.1", redis.port(), "test" + DB.incrementAndGet() + ":");
    }
}
