package io.livepulse.training.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.livepulse.models.recommend.LiveSplit;
import io.livepulse.models.recommend.NextStreamerNet;
import io.livepulse.models.recommend.ViewingLog;
import io.livepulse.models.simulation.SimulationConfig;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class NeuralTrainingTest {
    @Test
    void plainJavaForwardPassGivesDl4jsProbabilities(@TempDir Path dir) throws Exception {
        ViewingLog log = SimulatedLog.of(SimulationConfig.twitch100k(5L).withUsers(300).withStreamers(500),
                dir.resolve("100k.csv")).log();
        var p = new NeuralParams(120, 16, 1, 3_000, 64, 0.01, 9L);
        var examples = NeuralTraining.examples(log, LiveSplit.of(log), p);
        assertThat(examples.vocabulary()).hasSize(120);
        MultiLayerNetwork net = NeuralTraining.network(p, examples.vocabulary().length);
        int[] rows = {0, 1, 2, 3, 4, 5, 6, 7};
        net.fit(NeuralTraining.features(examples, rows), NeuralTraining.features(examples, rows)
                .div(NeuralTraining.features(examples, rows).sum(1).reshape(rows.length, 1)));
        NextStreamerNet exported = NeuralTraining.export(net, examples.vocabulary(), p.hidden());
        exported.write(dir.resolve(NextStreamerNet.FILE));
        NextStreamerNet served = NextStreamerNet.read(dir.resolve(NextStreamerNet.FILE));

        INDArray expected = net.output(NeuralTraining.features(examples, rows));
        for (int r = 0; r < rows.length; r++) {
            double[] actual = served.probabilities(examples.inputs().get(rows[r]));
            for (int v = 0; v < actual.length; v++) {
                assertThat(actual[v]).isCloseTo(expected.getDouble(r, v), within(1e-5));
            }
        }
    }

    @Test
    void examplesNeverUseInteractionsAfterTheTrainingCut(@TempDir Path dir) {
        ViewingLog log = SimulatedLog.of(SimulationConfig.twitch100k(6L).withUsers(200).withStreamers(330),
                dir.resolve("100k.csv")).log();
        LiveSplit split = LiveSplit.of(log);
        long training = 0;
        for (int u = 0; u < log.users(); u++) {
            for (int i = log.userFrom(u) + 1; i < log.userTo(u); i++) {
                training += split.isTraining(log, i) ? 1 : 0;
            }
        }
        var examples = NeuralTraining.examples(log, split, new NeuralParams(100_000, 8, 1, 1_000_000, 32, 0.01, 1L));
        assertThat(examples.size()).isEqualTo(training);
    }
}
