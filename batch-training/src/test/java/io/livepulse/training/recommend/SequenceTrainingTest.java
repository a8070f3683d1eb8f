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

    static final int SLOTS = 5;

    /** Random examples: padded sequences of mixed lengths, known and unknown candidates, random features. */
    static SequenceTraining.Rows rows(int n, long seed) {
        var random = new Random(seed);
        String[] vocab = IntStream.range(0, VOCAB).mapToObj(i -> "s" + i).toArray(String[]::new);
        var sequences = new ArrayList<int[]>();
        int[] candidate = new int[n * SLOTS];
        float[] features = new float[n * SLOTS * F];
        for (int i = 0; i < n; i++) {
            int[] seq = new int[L];
            int len = 1 + random.nextInt(L);
            for (int t = L - len; t < L; t++) {
                seq[t] = 1 + random.nextInt(VOCAB + 1); // unknown (1) or a streamer
            }
            sequences.add(seq);
        }
        for (int i = 0; i < candidate.length; i++) {
            candidate[i] = 1 + random.nextInt(VOCAB + 1);
        }
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextFloat() * 2;
        }
        return new SequenceTraining.Rows(vocab, SLOTS, sequences, candidate, features);
    }

    @Test
    void plainJavaForwardPassGivesDl4jsOutputs(@TempDir Path dir) throws Exception {
        var p = new SequenceParams(8, 6, SLOTS - 1, 3, 1000, 32, 0.01, 7L);
        var train = rows(256, 1);
        ComputationGraph graph = SequenceTraining.fit(train, p);
        LiveSequenceNet exported = SequenceTraining.export(graph, train.vocabulary(), p);
        exported.write(dir.resolve(LiveSequenceNet.FILE));
        LiveSequenceNet net = LiveSequenceNet.read(dir.resolve(LiveSequenceNet.FILE));

        var check = rows(100, 2);
        int[] all = IntStream.range(0, check.size()).toArray();
        INDArray out = SequenceTraining.perSlot(graph.outputSingle(SequenceTraining.inputs(check, all)), 100);
        assertThat(out.shape()).containsExactly(100L, 1L, (long) SLOTS);
        double first = out.getDouble(0, 0, 0);
        double spread = 0;
        for (int e = 0; e < all.length; e++) {
            float[] user = net.userState(check.sequences().get(e));
            for (int j = 0; j < SLOTS; j++) {
                int row = e * SLOTS + j;
                float logit = net.logit(user, check.candidate()[row], check.features(), row * F);
                double plain = 1 / (1 + Math.exp(-logit));
                assertThat(plain).as("example %d slot %d", e, j).isCloseTo(out.getDouble(e, 0, j), within(1e-4));
                spread = Math.max(spread, Math.abs(out.getDouble(e, 0, j) - first));
            }
        }
        // the outputs differ between rows, so equal outputs are not an accident of a constant network
        assertThat(spread).isGreaterThan(1e-3);
    }

    @Test
    void trainingPutsThePickAboveTheOtherCandidates() {
        // the pick is always the candidate the user watched most recently (feature 3): a learnable rule
        var random = new Random(3);
        var r = rows(600, 4);
        for (int e = 0; e < r.size(); e++) {
            for (int j = 0; j < SLOTS; j++) {
                r.features()[(e * SLOTS + j) * F + 3] = j == 0 ? 1f : 0f;
                r.features()[(e * SLOTS + j) * F + 2] = j == 0 ? 1f : random.nextFloat() * 0.9f;
            }
        }
        var p = new SequenceParams(8, 8, SLOTS - 1, 4, 1000, 32, 0.02, 7L);
        LiveSequenceNet net = SequenceTraining.train(r, p);
        var check = rows(100, 5);
        int top = 0;
        for (int e = 0; e < check.size(); e++) {
            float[] user = net.userState(check.sequences().get(e));
            int best = -1;
            float bestScore = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < SLOTS; j++) {
                int row = e * SLOTS + j;
                check.features()[row * F + 3] = j == 0 ? 1f : 0f;
                check.features()[row * F + 2] = j == 0 ? 1f : random.nextFloat() * 0.9f;
                float s = net.logit(user, check.candidate()[row], check.features(), row * F);
                if (s > bestScore) {
                    bestScore = s;
                    best = j;
                }
            }
            top += best == 0 ? 1 : 0;
        }
        assertThat(top).isGreaterThan(90);
    }
}
