package io.livepulse.training.testing;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Spark session in local mode with two worker threads for a test class, stopped afterwards. Register it on a
 * static field: {@code @RegisterExtension static final LocalSpark SPARK = new LocalSpark();}.
 */
public final class LocalSpark implements BeforeAllCallback, AfterAllCallback {
    private SparkSession session;

    @Override
    public void beforeAll(ExtensionContext context) {
        session = SparkSession.builder().master("local[2]").appName(context.getDisplayName())
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (session != null) {
            session.stop();
            session = null;
        }
    }

    public SparkSession session() {
        if (session == null) {
            throw new IllegalStateException("Spark runs between beforeAll and afterAll: register on a static field");
        }
        return session;
    }
}
