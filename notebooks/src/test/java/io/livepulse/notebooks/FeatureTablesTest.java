package io.livepulse.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.schemas.feature.ModelFit;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.ColumnType;

class FeatureTablesTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryPartitionOfATableIntoOneFrameWithPartitionColumns() {
        var written = new SampleFeatureWriter(dir, 3, 50, 4, 3).write();
        var tables = FeatureTables.at(dir);

        assertThat(tables.names()).containsExactly("model_fits", "room_metrics", "room_sentiment", "sentiment_alerts",
                "user_room_features", "watch_sessions");
        var features = tables.load(FeatureTables.USER_ROOM_FEATURES);
        assertThat(features.rowCount()).isEqualTo(written.get(FeatureTables.USER_ROOM_FEATURES)).isPositive();
        assertThat(features.columnNames()).startsWith("userId", "roomId", "watchTimeMs").endsWith("date", "hour");
        assertThat(features.column("watchTimeMs").type()).isEqualTo(ColumnType.LONG);
        assertThat(features.column("transmissionTerm").type()).isEqualTo(ColumnType.DOUBLE);
        assertThat(features.stringColumn("date").unique().asList()).containsExactly("2026-11-24");
        assertThat(features.intColumn("hour").unique().asList()).containsExactlyInAnyOrder(16, 17, 18);
        assertThat(tables.files(FeatureTables.USER_ROOM_FEATURES)).hasSize(3);

        var metrics = tables.load(FeatureTables.ROOM_METRICS);
        assertThat(metrics.rowCount()).isEqualTo(4 * 3 * 12);
    }

    @Test
    void readsTypedRecordsAndThePlantedPropensities() {
        var written = new SampleFeatureWriter(dir, 3, 50, 4, 3).write();
        var tables = FeatureTables.at(dir);
        var fits = tables.records(FeatureTables.MODEL_FITS, ModelFit.class);
        assertThat(fits).hasSize(written.get(FeatureTables.MODEL_FITS));
        assertThat(fits).allSatisfy(f -> assertThat(f.getCoefficients()).hasSize(2));
        assertThat(tables.plantedPropensities()).hasSize(50).containsKey("user-0000");
        assertThat(tables.load(FeatureTables.MODEL_FITS).stringColumn("coefficients").get(0)).startsWith("[");
    }

    @Test
    void aMissingTableSaysWhatIsThereAndHowToWriteIt() {
        var tables = FeatureTables.at(dir);
        assertThat(tables.names()).isEmpty();
        assertThatThrownBy(() -> tables.load("user_room_features"))
                .isInstanceOf(FeatureTableException.class)
                .hasMessageContaining("No Parquet files for table 'user_room_features' under " + dir.resolve("parquet"))
                .hasMessageContaining("./livepulse stream");
    }

    @Test
    void aFileThatIsNotParquetIsNamedInTheError() throws Exception {
        Path bad = dir.resolve("parquet/room_metrics/date=2026-11-24/hour=01/part-0.parquet");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "not parquet");
        assertThatThrownBy(() -> FeatureTables.at(dir).load("room_metrics"))
                .isInstanceOf(FeatureTableException.class)
                .hasMessageContaining("Cannot read " + bad);
    }

    @Test
    void theProjectsSpikeRuleAlertsThePlantedIncident() {
        SampleFeatureWriter.small(dir).write();
        var alerts = FeatureTables.at(dir).load(FeatureTables.SENTIMENT_ALERTS);
        long incidentStart = SampleFeatureWriter.START_MS + 3 * 3_600_000L;
        var incidentRoom = alerts.where(alerts.stringColumn("roomId").isEqualTo("room-03"));
        assertThat(incidentRoom.rowCount()).isPositive();
        assertThat(incidentRoom.longColumn("windowStartMs").asList())
                .allSatisfy(t -> assertThat(t).isBetween(incidentStart, incidentStart + 11 * 60_000L));
        assertThat(alerts.rowCount() - incidentRoom.rowCount()).as("noise alerts elsewhere").isLessThanOrEqualTo(2);
    }

    @Test
    void sampleIsSeeded() {
        new SampleFeatureWriter(dir.resolve("a"), 9, 20, 3, 2).write();
        new SampleFeatureWriter(dir.resolve("b"), 9, 20, 3, 2).write();
        var a = FeatureTables.at(dir.resolve("a")).load(FeatureTables.USER_ROOM_FEATURES);
        var b = FeatureTables.at(dir.resolve("b")).load(FeatureTables.USER_ROOM_FEATURES);
        assertThat(a.print(1000)).isEqualTo(b.print(1000));
    }

    @Test
    void sampleWriterRefusesSillySizes() {
        assertThatThrownBy(() -> new SampleFeatureWriter(dir, 1, 5, 4, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("users >= 10");
    }
}
