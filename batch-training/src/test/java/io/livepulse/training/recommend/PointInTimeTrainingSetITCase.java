package io.livepulse.training.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.training.testing.LocalSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class PointInTimeTrainingSetITCase {
    static final long T = 1_764_000_000_000L;
    static final StructType FEATURES = new StructType()
            .add("userId", DataTypes.StringType).add("roomId", DataTypes.StringType)
            .add("watchTimeMs", DataTypes.LongType).add("sessions", DataTypes.IntegerType)
            .add("interactionsPerMinute", DataTypes.DoubleType)
            .add("firstEventTimeMs", DataTypes.LongType).add("lastEventTimeMs", DataTypes.LongType)
            .add("date", DataTypes.StringType).add("hour", DataTypes.StringType);
    static final StructType LABELS = new StructType()
            .add("userId", DataTypes.StringType).add("roomId", DataTypes.StringType)
            .add("labelTimeMs", DataTypes.LongType).add("label", DataTypes.IntegerType);

    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark();

    @Test
    void joinsTheNewestFeatureBeforeTheLabelAndExcludesAPlantedLeak(@TempDir Path dataDir) {
        List<Row> rows = List.of(
                RowFactory.create("u1", "r1", 60_000L, 1, 0.5, T - 3_600_000, T - 1_200_000, "2025-11-24", "15"),
                RowFactory.create("u1", "r1", 600_000L, 3, 0.7, T - 3_600_000, T - 600_000, "2025-11-24", "16"),
                // the leak: computed from events after the label time, with a tell-tale watch time
                RowFactory.create("u1", "r1", 9_999_999L, 9, 9.9, T - 3_600_000, T + 300_000, "2025-11-24", "16"),
                // only a future feature for u2: the label must get no features
                RowFactory.create("u2", "r1", 7_777_777L, 5, 1.0, T + 60_000, T + 120_000, "2025-11-24", "16"));
        SPARK.session().createDataFrame(rows, FEATURES).write().partitionBy("date", "hour")
                .parquet(dataDir.resolve("parquet").resolve(PointInTimeTrainingSet.TABLE).toString());
        Dataset<Row> labels = SPARK.session().createDataFrame(List.of(RowFactory.create("u1", "r1", T, 1),
                RowFactory.create("u2", "r1", T, 0)), LABELS);

        Dataset<Row> set = PointInTimeTrainingSet.build(labels,
                PointInTimeTrainingSet.features(SPARK.session(), dataDir)).orderBy("userId");
        List<Row> out = set.collectAsList();

        assertThat(out).hasSize(2);
        assertThat((Long) out.get(0).getAs("watchTimeMs")).isEqualTo(600_000L);
        assertThat((Long) out.get(0).getAs(PointInTimeTrainingSet.FEATURE_TIME)).isEqualTo(T - 600_000);
        assertThat((Object) out.get(1).getAs("watchTimeMs")).isNull();
        assertThat(set.filter("watchTimeMs = 9999999 or watchTimeMs = 7777777").count()).isZero();
        PointInTimeTrainingSet.check(set);
    }

    @Test
    void checkRejectsASetThatUsesAFeatureFromAfterTheLabel() {
        var schema = new StructType().add("userId", DataTypes.StringType).add("roomId", DataTypes.StringType)
                .add("labelTimeMs", DataTypes.LongType).add("featureTimeMs", DataTypes.LongType);
        Dataset<Row> leaky = SPARK.session().createDataFrame(List.of(RowFactory.create("u1", "r1", T, T - 1),
                RowFactory.create("u9", "r2", T, T + 1)), schema);
        assertThatThrownBy(() -> PointInTimeTrainingSet.check(leaky)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 training rows use features from at or after their label time")
                .hasMessageContaining("user u9 room r2");
    }
}
