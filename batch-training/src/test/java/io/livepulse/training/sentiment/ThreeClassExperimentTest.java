package io.livepulse.training.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.Language;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreeClassExperimentTest {
    private static LabeledText row(String text, int label) {
        return new LabeledText(text, label);
    }

    /** A trained model that answers fixed probabilities per text. */
    private static ThreeClassKind.Trained fixed(Map<String, double[]> byText) {
        return new ThreeClassKind.Trained() {
            @Override
            public double[][] probabilities(ThreeClassExperiment.Part part) {
                return part.rows().stream().map(r -> byText.get(r.text())).toArray(double[][]::new);
            }

            @Override
            public Map<String, Object> params() {
                return Map.of();
            }

            @Override
            public String combination() {
                return "none";
            }

            @Override
            public int trainExamples() {
                return 0;
            }

            @Override
            public ThreeClassKind.Export export(double temperature) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void twoClassCorporaAreScoredOnThePolarityDecisionAndCountTheNeutralTopClass() {
        var part = new ThreeClassExperiment.Part("waimai", "test", false, List.of(row("a", 0), row("b", 2),
                row("c", 2)));
        // b: neutral on top but P(positive) > P(negative): right on polarity, counted as neutral
        double[][] p = {{0.6, 0.3, 0.1}, {0.1, 0.5, 0.4}, {0.5, 0.1, 0.4}};
        var m = ThreeClassExperiment.evaluate(part, p, 1.0);
        assertThat((Double) m.get("accuracy")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat((Double) m.get("predictedNeutralShare")).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(m.get("confusion")).isEqualTo(List.of(List.of(1L, 0L), List.of(1L, 1L)));
    }

    @Test
    void threeClassMetricsUseTheTopClassAndReportReliabilityBeforeAndAfterCalibration() {
        var part = new ThreeClassExperiment.Part("smp2020", "validation", true, List.of(row("a", 0), row("b", 1),
                row("c", 2), row("d", 2)));
        double[][] p = {{0.7, 0.2, 0.1}, {0.2, 0.5, 0.3}, {0.1, 0.2, 0.7}, {0.1, 0.6, 0.3}};
        var sharp = ThreeClassExperiment.evaluate(part, p, 0.5);
        assertThat((Double) sharp.get("accuracy")).isCloseTo(0.75, within(1e-12));
        assertThat(sharp.get("confusion")).isEqualTo(List.of(List.of(1L, 0L, 0L), List.of(0L, 1L, 0L),
                List.of(0L, 1L, 1L)));
        @SuppressWarnings("unchecked")
        var raw = (Map<String, Object>) sharp.get("reliabilityUncalibrated");
        @SuppressWarnings("unchecked")
        var calibrated = (Map<String, Object>) sharp.get("reliability");
        assertThat((Double) raw.get("nll")).isCloseTo(-(Math.log(0.7) + Math.log(0.5) + Math.log(0.7)
                + Math.log(0.3)) / 4, within(1e-12));
        assertThat((Double) calibrated.get("nll")).isNotCloseTo((Double) raw.get("nll"), within(1e-3));
    }

    @Test
    void expensiveKindsScoreASeededSampleOfLargeTwoClassSplitsOnly() {
        var rows = IntStream.range(0, 5000).mapToObj(i -> row("t" + i, i % 2 == 0 ? 0 : 2)).toList();
        var split = new ThreeClassCorpus.Split(List.of(), rows, rows, Map.of());
        var binary = new ThreeClassExperiment.Source("waimai", "f", "l", false, split);
        var three = new ThreeClassExperiment.Source("smp2020", "f", "l", true, split);
        var sampled = ThreeClassExperiment.part(binary, "test", rows, true);
        assertThat(sampled.rows()).hasSize(ThreeClassExperiment.EXPENSIVE_SAMPLE);
        assertThat(sampled.name()).isEqualTo("test sample");
        assertThat(sampled.rows()).isNotEqualTo(rows.subList(0, ThreeClassExperiment.EXPENSIVE_SAMPLE));
        assertThat(ThreeClassExperiment.part(binary, "test", rows, true).rows()).isEqualTo(sampled.rows());
        assertThat(ThreeClassExperiment.part(binary, "test", rows, false).rows()).hasSize(5000);
        assertThat(ThreeClassExperiment.part(three, "test", rows, true).rows()).hasSize(5000);
    }

    @Test
    void trainingRowsEqualToAnyHeldOutTextOfTheLanguageAreDropped() {
        var a = new ThreeClassExperiment.Source("smp2020", "f", "l", true, new ThreeClassCorpus.Split(
                List.of(row("x", 0), row("y", 1)), List.of(row("v", 1)), List.of(row("w", 2)), Map.of()));
        var b = new ThreeClassExperiment.Source("waimai", "f", "l", false, new ThreeClassCorpus.Split(
                List.of(row("v", 0), row("z", 2)), List.of(row("y", 2)), List.of(), Map.of()));
        var data = ThreeClassExperiment.trainingData(Language.ZH, List.of(a, b));
        assertThat(data.train().get(a)).containsExactly(row("x", 0));
        assertThat(data.train().get(b)).containsExactly(row("z", 2));
        assertThat(data.droppedAsHeldOut()).isEqualTo(2);
        assertThat(data.validation()).extracting(ThreeClassExperiment.Part::corpus).containsExactly("smp2020");
    }

    @Test
    void theEnsembleKeepsTheMemberThatIsRightOnValidation() throws Exception {
        var rows = List.of(row("a", 0), row("b", 1), row("c", 2));
        var validation = new ThreeClassExperiment.Part("smp2020", "validation", true, rows);
        var right = fixed(Map.of("a", new double[] {0.8, 0.1, 0.1}, "b", new double[] {0.1, 0.8, 0.1}, "c",
                new double[] {0.1, 0.1, 0.8}));
        var wrong = fixed(Map.of("a", new double[] {0.1, 0.1, 0.8}, "b", new double[] {0.8, 0.1, 0.1}, "c",
                new double[] {0.1, 0.8, 0.1}));
        var data = new ThreeClassExperiment.TrainingData(Language.ZH, List.of(), Map.of(), List.of(validation), 0);
        var candidates = List.of(
                new ThreeClassExperiment.Candidate("wrong", wrong, 1.0, 0.0, 1, Map.of()),
                new ThreeClassExperiment.Candidate("right", right, 1.0, 1.0, 1, Map.of()));
        try (var ens = new ThreeClassEnsemble(20).train(data, candidates)) {
            @SuppressWarnings("unchecked")
            var members = (List<Map<String, Object>>) ens.params().get("members");
            assertThat((Double) members.get(0).get("weight")).isLessThan((Double) members.get(1).get("weight"));
            double[][] p = ens.probabilities(validation);
            for (int i = 0; i < rows.size(); i++) {
                assertThat(ClassificationMetrics.argMax(p[i])).isEqualTo(rows.get(i).label());
            }
        }
    }

    private static ModelRegistry.VerifiedModel register(ModelRegistry registry, String name, double score) {
        return registry.write(new ModelRegistry.Draft(name, "sentiment-linear/1", Map.of(), Map.of(), Map.of(
                ThreeClassExperiment.SELECTION_METRIC, score)), d -> Files.writeString(d.resolve("p"), name));
    }

    private static ThreeClassExperiment.Candidate candidate(String name, double score, double speed) {
        var report = new LinkedHashMap<String, Object>();
        report.put("chatTextsPerCpuSecond", speed);
        return new ThreeClassExperiment.Candidate(name, null, 1.0, score, 1, report);
    }

    @Test
    void theStreamedChampionIsTheValidationBestWithinTheSpeedBudgetAndBothAreRecorded(@TempDir Path dir) {
        var registry = new ModelRegistry(dir);
        register(registry, "sentiment-zh-3c-lr", 0.70);
        register(registry, "sentiment-zh-3c-enc", 0.78);
        register(registry, "sentiment-zh-3c-ens", 0.80);
        var experiment = new ThreeClassExperiment(registry, dir, 1);
        var candidates = new ArrayList<>(List.of(candidate("sentiment-zh-3c-lr", 0.70, 60_000),
                candidate("sentiment-zh-3c-enc", 0.78, 150), candidate("sentiment-zh-3c-ens", 0.80, 140)));
        var selection = experiment.select(Language.ZH, candidates);
        assertThat(selection.get("validationBest")).isEqualTo("sentiment-zh-3c-ens v1");
        assertThat(selection.get("bestWithinBudget")).isEqualTo("sentiment-zh-3c-lr v1");
        assertThat((String) selection.get("note")).contains("under the streaming budget");
        var champion = registry.champion("sentiment-zh").orElseThrow();
        assertThat(champion.name()).isEqualTo("sentiment-zh-3c-lr");
        assertThat(champion.candidates()).containsEntry("validationBest", "sentiment-zh-3c-ens v1")
                .containsKey("sentiment-zh-3c-enc v1");
    }

    @Test
    void theSelectionScoreFromProbabilitiesEqualsTheReportedOne() {
        var rows = List.of(row("short one", 0), row("a text well over twenty characters long", 1), row("c", 2),
                row("d", 1));
        var v = new ThreeClassExperiment.Part("smp2020", "validation", true, rows);
        double[][] p = {{0.7, 0.2, 0.1}, {0.2, 0.5, 0.3}, {0.1, 0.2, 0.7}, {0.6, 0.3, 0.1}};
        var perCorpus = Map.<String, Object>of("smp2020", Map.of("validation", ThreeClassExperiment.evaluate(v, p,
                1.0)));
        assertThat(ThreeClassExperiment.selectionScore(List.of(v), List.<double[][]>of(p)))
                .isCloseTo(ThreeClassExperiment.selectionScore(perCorpus), within(1e-12))
                .isLessThan(1.0);
    }
}
