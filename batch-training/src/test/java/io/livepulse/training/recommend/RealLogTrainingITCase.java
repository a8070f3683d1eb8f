package io.livepulse.training.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepulse.models.recommend.LiveSequenceNet;
import io.livepulse.models.recommend.LiveSplit;
import io.livepulse.models.recommend.PublishedLog;
import io.livepulse.models.recommend.Recommenders;
import io.livepulse.models.recommend.TaskEvaluation;
import io.livepulse.models.registry.ModelRegistry;
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
        var job = new RealLogTraining.Job(data, SHARED.resolve("driver_live_rooms").toString(),
                List.of(new AlsParams(Feedback.Weighting.SESSIONS, 16, 10, 0.1, 5, 42L)),
                new NeuralParams(677, 32, 1, 20_000, 512, 0.005, 42L),
                new SequenceParams(16, 16, 4, 1, 5_000, 512, 0.005, 42L));
        RealLogTraining.Outcome outcome;
        try (SparkSession spark = RecommenderCommand.spark("local[2]")) {
            outcome = new RealLogTraining(spark, new ModelRegistry(dir.resolve("models"))).run(job, dir);
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

        // every model has a registry entry named after the dataset; the validation-best is the champion of the
        // dataset's own task, and loading it back through Recommenders ranks the test split as measured
        var registry = new ModelRegistry(dir.resolve("models"));
        assertThat(registry.names()).contains("recommender-driver-popularity", "recommender-driver-repeat",
                "recommender-driver-sequence-lstm", "recommender-driver-sequence-lstm-repeat",
                "recommender-driver-neural-mlp-repeat").doesNotContain("recommender-blend", "recommender-als");
        assertThat(registry.champion("recommender")).isEmpty();
        var champion = registry.champion("recommender-driver").orElseThrow();
        assertThat(champion.name()).isEqualTo(RealLogTraining.entryName("driver", outcome.selected()));
        var entry = registry.load(champion.name(), champion.version());
        assertThat(entry.manifest().trainingData()).containsEntry("corpus", "driver");
        assertThat((String) entry.manifest().trainingData().get("licence")).startsWith("none stated");
        @SuppressWarnings("unchecked")
        var selection = (Map<String, Object>) entry.manifest().params().get("selection");
        assertThat(selection).containsEntry("task", "recommender-driver").containsEntry("champion", champion.name());
        var seqEntry = registry.latest("recommender-driver-sequence-lstm-repeat").orElseThrow();
        assertThat(seqEntry.manifest().kind()).isEqualTo(LiveSequenceNet.KIND);
        var seqResult = outcome.results().stream().filter(r -> r.name().equals("sequence-lstm+repeat")).findFirst()
                .orElseThrow();
        var tasks = data.protocol().tasks(data.log(), LiveSplit.Period.TEST);
        var evaluation = new TaskEvaluation(data.log(), data.protocol().trainingPopularity(data.log()),
                data.protocol().candidates(), data.timeUnitMs());
        var reloaded = evaluation.evaluate(Recommenders.load(seqEntry), tasks, null);
        assertThat(reloaded.all().hr1()).isEqualTo(seqResult.test().all().hr1());
        assertThat(reloaded.all().ndcg10()).isEqualTo(seqResult.test().all().ndcg10());
    }
}
