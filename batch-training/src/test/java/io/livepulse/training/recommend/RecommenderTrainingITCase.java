package io.livepulse.training.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.models.recommend.AlsFactors;
import io.livepulse.models.recommend.NextStreamerNet;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.simulation.SimulationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecommenderTrainingITCase {
    @Test
    void trainsEveryModelWritesTheRegistryAndTheReportAndBeatsPopularity(@TempDir Path dir) throws Exception {
        var simulated = SimulatedLog.of(SimulationConfig.twitch100k(7L).withUsers(1500).withStreamers(2400),
                dir.resolve("100k.csv"));
        var job = new RecommenderTraining.Job(simulated.log(), "simulated test log", Optional.of(simulated.texts()),
                List.of(AlsParams.defaults(Feedback.Weighting.LOG_W), AlsParams.defaults(Feedback.Weighting.SESSIONS)),
                new NeuralParams(600, 32, 3, 30_000, 256, 0.005, 42L), 500, 0);
        var registry = new ModelRegistry(dir.resolve("models"));
        RecommenderTraining.Outcome outcome;
        try (SparkSession spark = RecommenderCommand.spark("local[2]")) {
            outcome = new RecommenderTraining(spark, registry).run(job);
        }

        assertThat(outcome.results()).extracting(ModelResult::name).containsExactly("popularity", "repeat",
                "content", "als-log-w", "als-sessions", outcome.selectedAls() + "+repeat", "neural-mlp");
        ModelResult popularity = outcome.results().get(0);
        ModelResult als = outcome.results().stream().filter(r -> r.name().equals(outcome.selectedAls())).findFirst()
                .orElseThrow();
        ModelResult neural = outcome.results().get(6);
        ModelResult repeat = outcome.results().get(1);
        ModelResult hybrid = outcome.results().get(5);
        // the blend weight is chosen on validation, where weight 0 (ALS alone) is one of the choices
        assertThat(hybrid.validation().all().hr1()).isGreaterThanOrEqualTo(als.validation().all().hr1());
        assertThat(hybrid.test().all().hr10()).isGreaterThan(repeat.test().all().hr10());
        assertThat(als.test().all().hr10()).isGreaterThan(popularity.test().all().hr10());
        assertThat(neural.test().all().hr10()).isGreaterThan(popularity.test().all().hr10());
        assertThat(neural.test().mrr()).isGreaterThan(popularity.test().mrr());
        // taste-driven discovery: ALS finds new streamers better than the front page does
        assertThat(als.test().fresh().hr10()).isGreaterThan(popularity.test().fresh().hr10());
        assertThat(popularity.validation().all().count()).isEqualTo(500);

        var alsEntry = registry.latest(RecommenderTraining.entryName(RecommenderTraining.ALS)).orElseThrow();
        assertThat(alsEntry.manifest().kind()).isEqualTo(AlsFactors.KIND);
        assertThat(alsEntry.manifest().files()).containsKeys(AlsFactors.FILE, RecommenderReport.FILE,
                RecommenderReport.HIT_CHART, RecommenderReport.REPEAT_CHART);
        assertThat(alsEntry.manifest().trainingData()).containsEntry("trainSteps",
                "[0, " + outcome.split().validationStart() + ")");
        @SuppressWarnings("unchecked")
        var test = (Map<String, Object>) alsEntry.manifest().metrics().get("test");
        assertThat(((Number) test.get("hr10")).doubleValue()).isEqualTo(als.test().all().hr10());
        assertThat(Files.readAllBytes(alsEntry.dir().resolve(RecommenderReport.HIT_CHART))).startsWith(0x89, 'P', 'N',
                'G');
        assertThat(Files.readString(alsEntry.dir().resolve(RecommenderReport.FILE))).contains("| repeat |",
                "| " + outcome.selectedAls() + " |");
        var neuralEntry = registry.latest(RecommenderTraining.entryName(RecommenderTraining.NEURAL)).orElseThrow();
        assertThat(NextStreamerNet.load(neuralEntry).vocabularySize()).isEqualTo(600);
        // one entry per model, the best on validation HR@1 promoted to champion, the choice in every manifest
        var champion = registry.champion(RecommenderTraining.TASK).orElseThrow();
        assertThat(registry.names()).contains("recommender-popularity", "recommender-repeat", "recommender-content",
                "recommender-als", "recommender-blend", "recommender-neural");
        double best = outcome.results().stream().filter(r -> !r.name().equals("als-log-w")
                || outcome.selectedAls().equals("als-log-w")).filter(r -> !r.name().equals("als-sessions")
                || outcome.selectedAls().equals("als-sessions")).mapToDouble(r -> r.validation().all().hr1()).max()
                .orElseThrow();
        assertThat(outcome.champion().manifest().name()).isEqualTo(champion.name());
        @SuppressWarnings("unchecked")
        var chosen = (Map<String, Object>) ((Map<String, Object>) champion.candidates().get("candidates"))
                .get(champion.name());
        assertThat(((Number) chosen.get("validation.HR@1")).doubleValue()).isEqualTo(best);
        assertThat(outcome.champion().manifest().params()).containsKeys("selection", "ranker");
        // what is served ranks as evaluated: the champion loads through the one lookup with its blend parameters
        var served = io.livepulse.models.recommend.Recommenders.load(outcome.champion());
        assertThat(served.params().asMap()).isEqualTo(outcome.champion().manifest().params().get("ranker"));
        // the published results: every model's test figures under its name, baselines as named by the protocol
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                RecommenderTraining.writeResults(outcome, "simulated", dir.resolve("results")).toFile());
        assertThat(json.get("dataset").asText()).isEqualTo("simulated");
        assertThat(json.get("models").has("popularity")).isTrue();
        assertThat(json.get("models").get("repeat").get("HR@10").asDouble()).isEqualTo(repeat.test().all().hr10());
        assertThat(json.get("models").get("repeat").get("new").has("HR@1")).isTrue();
        assertThat(json.get("selected").asText()).isEqualTo(outcome.champion().manifest().params().get("evaluatedAs"));
    }
}
