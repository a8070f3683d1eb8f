package io.livepulse.training.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.livepulse.models.recommend.LiveSequenceNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Random;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class SequenceTrainingTest {
    static final int VOCAB = 12;
    static final int L = LiveSequenceNet.SEQUENCE_LENGTH;
    static final int F = LiveSequenceNet.FEATURES;

    /** Random rows: padded sequences of mixed lengths, known and unknown candidates, random features. */
    static SequenceTraining.Rows rows(int n, long seed) {
        var random = new Random(seed);
        String[] vocab = IntStream.range(0, VOCAB).mapToObj(i -> "s" + i).toArray(String[]::new);
        var sequences = new ArrayList<int[]>();
        int[] example = new int[n];
        int[] candidate = new int[n];
        float[] features = new float[n * F];
        float[] label = new float[n];
        for (int i = 0; i < n; i++) {
            int[] seq = new int[L];
            int len = 1 + random.nextInt(L);
            for (int t = L - len; t < L; t++) {
                seq[t] = 1 + random.nextInt(VOCAB + 1); // unknown (1) or a streamer
            }
            sequences.add(seq);
            example[i] = i;
            candidate[i] = 1 + random.nextInt(VOCAB + 1);
            for (int f = 0; f < F; f++) {
                features[i * F + f] = random.nextFloat() * 2;
            }
            label[i] = random.nextBoolean() ? 1f : 0f;
        }
        return new SequenceTraining.Rows(vocab, sequences, example, candidate, features, label);
    }

    @Test
    void plainJavaForwardPassGivesDl4jsOutputs(@TempDir Path dir) throws Exception {
        var p = new SequenceParams(8, 6, 4, 3, 1000, 64, 0.01, 7L);
        var train = rows(256, 1);
        ComputationGraph graph = SequenceTraining.fit(train, p);
        LiveSequenceNet exported = SequenceTraining.export(graph, train.vocabulary(), p);
        exported.write(dir.resolve(LiveSequenceNet.FILE));
        LiveSequenceNet net = LiveSequenceNet.read(dir.resolve(LiveSequenceNet.FILE));

        var check = rows(200, 2);
        int[] all = IntStream.range(0, check.size()).toArray();
        INDArray out = graph.outputSingle(SequenceTraining.inputs(check, all));
        double spread = 0;
        for (int i = 0; i < all.length; i++) {
            float[] user = net.userState(check.sequences().get(check.example()[i]));
            float logit = net.logit(user, check.candidate()[i], check.features(), i * F);
            double plain = 1 / (1 + Math.exp(-logit));
            assertThat(plain).as("row %d", i).isCloseTo(out.getDouble(i, 0), within(1e-4));
            spread = Math.max(spread, Math.abs(out.getDouble(i, 0) - out.getDouble(0, 0)));
        }
        // the outputs differ between rows, so equal outputs are not an accident of a constant network
        assertThat(spread).isGreaterThan(1e-3);
    }
}
