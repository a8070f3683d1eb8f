package io.livepulse.training.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepulse.models.recommend.PublishedLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealLogTrainingITCase {
    static final Path SHARED = Path.of(System.getProperty("livepulse.shared.data", "../../shared/data"));

    @Test
    void driverRunWritesTheIssuesReportWithTheBaselinesAndTheSelectedModel(@TempDir Path dir) throws Exception {
        PublishedLog data = PublishedLog.driver(SHARED.resolve("driver_live_rooms"));
        var job = new RealLogTraining.Job(data, "driver_live_rooms",
                List.of(new AlsParams(Feedback.Weighting.SESSIONS, 16, 10, 0.1, 5, 42L)),
                new NeuralParams(677, 32, 1, 20_000, 512, 0.005, 42L),
                new SequenceParams(16, 16, 4, 1, 5_000, 512, 0.005, 42L));
        RealLogTraining.Outcome outcome;
        try (SparkSession spark = RecommenderCommand.spark("local[2]")) {
            outcome = new RealLogTraining(spark).run(job, dir);
        }
        assertThat(outcome.results()).extracting(RealLogTraining.Result::name).containsExactly("popularity", "repeat",
                "als-sessions", "als-sessions+repeat", "neural-mlp", "neural-mlp+repeat",
                "sequence-lstm", "sequence-lstm+repeat");
        var popularity = outcome.results().get(0);
        var repeat = outcome.results().get(1);
        var blend = outcome.results().get(3);
        assertThat(repeat.test().repeatShare()).isEqualTo(popularity.test().repeatShare());
        assertThat(repeat.test().all().hr1()).isGreaterThan(popularity.test().all().hr1());
        var als = outcome.results().get(2);
        // the blend's weight is chosen on validation, where weight 0 (ALS alone) is one of the options
        assertThat(blend.validation().all().hr1()).isGreaterThanOrEqualTo(als.validation().all().hr1());
        assertThat(outcome.results()).allSatisfy(r -> assertThat(r.test().all().count()).isEqualTo(5172));

        @SuppressWarnings("unchecked")
        Map<String, Object> report = new ObjectMapper().readValue(outcome.report().toFile(), Map.class);
        assertThat(outcome.report().getFileName().toString()).isEqualTo("recommenders-driver.json");
        assertThat(report).containsOnlyKeys("dataset", "split", "protocol", "models", "selected");
        assertThat(report).containsEntry("dataset", "driver").containsEntry("split", "test")
                .containsEntry("selected", outcome.selected());
        @SuppressWarnings("unchecked")
        var models = (Map<String, Map<String, Object>>) report.get("models");
        assertThat(models).containsKeys("popularity", "repeat", outcome.selected());
        assertThat(models.get("repeat")).containsOnlyKeys("HR@1", "HR@5", "HR@10", "NDCG@10", "MRR", "repeat", "new");
        assertThat(((Number) models.get("repeat").get("HR@1")).doubleValue()).isEqualTo(repeat.test().all().hr1());
        @SuppressWarnings("unchecked")
        var fresh = (Map<String, Object>) models.get("popularity").get("new");
        assertThat(fresh).containsOnlyKeys("HR@1", "HR@10");
    }
}
