package io.livepulse.training.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.models.registry.ModelRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DL4J text CNN on a small waimai subset (CPU): it learns, registers its metrics and its payload verifies. */
class NeuralSentimentTrainingITCase {

    @Test
    void smallCnnBeatsTheMajorityClassAndIsRegistered(@TempDir Path dataDir) throws Exception {
        var registry = new ModelRegistry(dataDir.resolve("models"));
        var d = NeuralParams.defaults();
        var p = new NeuralParams(32, 32, List.of(2, 3), List.of(3), 64, 32, 5_000, 2, 1, 64, 3e-3, 0.5, d.seed(), 2_000);
        var r = new NeuralSentimentTraining(registry, SentimentCorpusTest.SHARED).train(SentimentCorpus.WAIMAI, p, false);
        assertThat(r.test().examples()).as("the whole held-out split, whatever maxTrain")
                .isEqualTo(SentimentCorpus.WAIMAI.load(SentimentCorpusTest.SHARED, 0).test().size());
        assertThat(r.test().accuracy()).isGreaterThan(r.test().majorityShare() + 0.03);
        var model = registry.latest("sentiment-waimai-cnn").orElseThrow();
        assertThat(model.manifest().kind()).isEqualTo(NeuralSentimentTraining.KIND);
        assertThat(model.manifest().files()).containsKeys("textcnn.bin", "textcnn.zip", "vocabulary.txt");
        assertThat(r.sparkAgreement()).as("DL4J vs plain-Java forward pass").isGreaterThanOrEqualTo(0.99);
        var java = io.livepulse.models.sentiment.TextCnnModel.load(model);
        assertThat(java.score("太难吃了，送得又慢，再也不点了").label()).isEqualTo(io.livepulse.models.sentiment.SentimentLabel.NEGATIVE);
        assertThat(model.manifest().trainingData().toString()).contains("non-commercial");
    }
}
