package io.livepulse.training.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.row_number;

import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Point-in-time training sets: each label (user, room, time t) is joined with the newest
 * {@code UserRoomFeatures} row of that user and room whose feature time ({@code lastEventTimeMs}) is before t,
 * never with one computed from later events. Labels without such a row keep null features.
 */
final class PointInTimeTrainingSet {
    /** The feature table the streaming job writes under {@code <data.dir>/parquet/}. */
    static final String TABLE = "user_room_features";
    static final String LABEL_TIME = "labelTimeMs";
    static final String FEATURE_TIME = "featureTimeMs";

    private PointInTimeTrainingSet() {}

    /** Load: every partition ({@code date=.../hour=...}) of the feature table. */
    static Dataset<Row> features(SparkSession spark, Path dataDir) {
        return spark.read().parquet(dataDir.resolve("parquet").resolve(TABLE).toString());
    }

    /**
     * Build: {@code labels} (userId, roomId, labelTimeMs, any label columns) as-of joined with {@code features}.
     * Feature columns keep their names; the feature time is {@value #FEATURE_TIME}.
     */
    static Dataset<Row> build(Dataset<Row> labels, Dataset<Row> features) {
        Dataset<Row> l = labels.withColumn("labelRow", monotonically_increasing_id());
        Dataset<Row> f = features.drop("date", "hour")
                .withColumnRenamed("userId", "fUserId").withColumnRenamed("roomId", "fRoomId")
                .withColumnRenamed("lastEventTimeMs", FEATURE_TIME);
        Dataset<Row> joined = l.join(f, l.col("userId").equalTo(f.col("fUserId"))
                .and(l.col("roomId").equalTo(f.col("fRoomId")))
                .and(f.col(FEATURE_TIME).lt(l.col(LABEL_TIME))), "left");
        var newestFirst = Window.partitionBy("labelRow").orderBy(desc(FEATURE_TIME));
        return joined.withColumn("rank", row_number().over(newestFirst))
                .filter(col("rank").equalTo(1))
                .drop("rank", "labelRow", "fUserId", "fRoomId");
    }

    /**
     * Rejects a training set in which some row's features were computed at or after its label time.
     *
     * @throws IllegalStateException naming how many rows leak and one example
     */
    static void check(Dataset<Row> trainingSet) {
        Dataset<Row> leaks = trainingSet.filter(col(FEATURE_TIME).geq(col(LABEL_TIME)));
        long n = leaks.count();
        if (n > 0) {
            Row example = leaks.first();
            throw new IllegalStateException(n + " training rows use features from at or after their label time, e.g. "
                    + "user " + example.getAs("userId") + " room " + example.getAs("roomId") + ": feature time "
                    + example.getAs(FEATURE_TIME) + " >= label time " + example.getAs(LABEL_TIME));
        }
    }
}
