package io.livepulse.training.recommend;

import io.livepulse.models.recommend.CandidateWindow;
import io.livepulse.models.recommend.LiveCandidate;
import io.livepulse.models.recommend.LiveEvaluation;
import io.livepulse.models.recommend.LiveSequenceNet;
import io.livepulse.models.recommend.RealLogProtocol;
import io.livepulse.models.recommend.ViewingLog;
import io.livepulse.models.recommend.WatchedStreamer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sequence-aware next-streamer model in Deeplearning4j: an LSTM over the user's last 16 streamers, each live
 * candidate scored from the LSTM state, the candidate's embedding and its availability and repeat features
 * ({@link LiveSequenceNet#features}), trained as a binary classifier of the streamer the user picked against
 * sampled live candidates. Exported as {@link LiveSequenceNet} weights for the plain-Java forward pass.
 */
final class SequenceTraining {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");
    static final String SEQ = "seq";
    static final String CAND = "cand";
    static final String FEAT = "feat";

    /**
     * Training rows: one per (example, candidate); each example's sequence once.
     *
     * @param sequences per example, {@link LiveSequenceNet#SEQUENCE_LENGTH} vocabulary indices
     * @param example per row, its example
     * @param candidate per row, the candidate's vocabulary index
     * @param features per row, {@link LiveSequenceNet#FEATURES} values
     * @param label per row, 1 for the streamer the user picked
     */
    record Rows(String[] vocabulary, List<int[]> sequences, int[] example, int[] candidate, float[] features,
            float[] label) {
        int size() {
            return example.length;
        }
    }

    private SequenceTraining() {}

    /**
     * Load: every training interaction that has an earlier one (strictly earlier start) becomes an example, as the
     * protocol builds its tasks: the input is the user's last 16 earlier interactions as the history serving
     * would send, the candidates the streamers live at its start, with their stream age.
     */
    static Rows rows(ViewingLog log, RealLogProtocol protocol, long timeUnitMs, SequenceParams p) {
        double[] pop = protocol.trainingPopularity(log);
        Integer[] order = IntStream.range(0, log.streamers()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer s) -> -pop[s]).thenComparingInt(s -> s));
        int n = (int) Arrays.stream(pop).filter(c -> c > 0).count();
        String[] vocab = new String[n];
        for (int v = 0; v < n; v++) {
            vocab[v] = log.streamerName(order[v]);
        }
        Map<String, Integer> index = LiveSequenceNet.indexOf(vocab);
        // the most recent examples: closest to the period we predict
        var targets = new ArrayList<int[]>(); // {interaction, earlierFrom, earlierEnd}
        for (int u = 0; u < log.users(); u++) {
            int first = log.userFrom(u);
            int earlierEnd = first;
            for (int i = first; i < log.userTo(u) && protocol.isTraining(log, i); i++) {
                if (i > first && log.start(i) != log.start(i - 1)) {
                    earlierEnd = i;
                }
                if (earlierEnd > first) {
                    targets.add(new int[] {i, Math.max(first, earlierEnd - io.livepulse.models.recommend.LiveSplit
                            .INPUT_LENGTH), earlierEnd});
                }
            }
        }
        targets.sort(Comparator.comparingInt((int[] t) -> -log.start(t[0])).thenComparingInt(t -> t[0]));
        if (targets.size() > p.maxExamples()) {
            targets = new ArrayList<>(targets.subList(0, p.maxExamples()));
        }
        CandidateWindow window = protocol.candidates();
        var random = new Random(p.seed());
        var sequences = new ArrayList<int[]>(targets.size());
        int capacity = targets.size() * (1 + p.negatives());
        int[] example = new int[capacity];
        int[] candidate = new int[capacity];
        float[] features = new float[capacity * LiveSequenceNet.FEATURES];
        float[] label = new float[capacity];
        int rows = 0;
        for (int[] t : targets) {
            int target = t[0];
            int len = t[2] - t[1];
            String[] names = new String[len];
            long[] times = new long[len];
            for (int j = t[1]; j < t[2]; j++) {
                names[j - t[1]] = log.streamerName(log.streamer(j));
                times[j - t[1]] = LiveEvaluation.timeMs(log.start(j)) + (j - t[1]);
            }
            List<WatchedStreamer> sorted = LiveSequenceNet.byRecency(WatchedStreamer.of(names, times, null));
            var positions = LiveSequenceNet.positions(sorted);
            int step = log.start(target);
            int positive = log.streamer(target);
            int[] live = window.at(step);
            var watched = new ArrayList<Integer>();
            var other = new ArrayList<Integer>();
            for (int c : live) {
                if (c != positive) {
                    (positions.containsKey(log.streamerName(c)) ? watched : other).add(c);
                }
            }
            int e = sequences.size();
            sequences.add(LiveSequenceNet.sequence(sorted, index));
            int[] chosen = new int[1 + p.negatives()];
            int k = 0;
            chosen[k++] = positive;
            int fromWatched = Math.min(watched.size(), p.negatives() / 2);
            k = sample(watched, fromWatched, random, chosen, k);
            k = sample(other, Math.min(other.size(), p.negatives() - (k - 1)), random, chosen, k);
            k = sample(watched, Math.min(watched.size() - fromWatched, p.negatives() - (k - 1)), random, chosen, k);
            for (int j = 0; j < k; j++) {
                int c = chosen[j];
                String name = log.streamerName(c);
                int units = window.liveFor(c, step);
                long age = units < 0 ? LiveCandidate.UNKNOWN_AGE : units * timeUnitMs;
                example[rows] = e;
                candidate[rows] = LiveSequenceNet.candidate(name, index);
                LiveSequenceNet.features(sorted, positions.getOrDefault(name, -1), age, features,
                        rows * LiveSequenceNet.FEATURES);
                label[rows] = j == 0 ? 1f : 0f;
                rows++;
            }
        }
        return new Rows(vocab, sequences, Arrays.copyOf(example, rows), Arrays.copyOf(candidate, rows),
                Arrays.copyOf(features, rows * LiveSequenceNet.FEATURES), Arrays.copyOf(label, rows));
    }

    /** Moves up to {@code n} random entries of {@code from} (removing them) into {@code out} from {@code k}. */
    private static int sample(List<Integer> from, int n, Random random, int[] out, int k) {
        for (int i = 0; i < n && !from.isEmpty(); i++) {
            int j = random.nextInt(from.size());
            out[k++] = from.get(j);
            from.set(j, from.get(from.size() - 1));
            from.remove(from.size() - 1);
        }
        return k;
    }

    /** Build: the network, a pure function of the parameters and the vocabulary size (padding and unknown included). */
    static ComputationGraph network(SequenceParams p, int vocabulary) {
        int v = vocabulary + LiveSequenceNet.FIRST_STREAMER;
        int d = p.dim();
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(p.seed())
                .updater(new Adam(p.learningRate()))
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs(SEQ, CAND, FEAT)
                .addLayer("seqEmbedding", new EmbeddingSequenceLayer.Builder().nIn(v).nOut(d).hasBias(false)
                        .inputLength(LiveSequenceNet.SEQUENCE_LENGTH).build(), SEQ)
                .addLayer("lstm", new LSTM.Builder().nIn(d).nOut(d).activation(Activation.TANH)
                        .gateActivationFunction(Activation.SIGMOID).build(), "seqEmbedding")
                .addVertex("user", new LastTimeStepVertex(SEQ), "lstm")
                .addLayer("candEmbedding", new EmbeddingLayer.Builder().nIn(v).nOut(d).hasBias(false).build(), CAND)
                .addVertex("match", new ElementWiseVertex(ElementWiseVertex.Op.Product), "user", "candEmbedding")
                .addVertex("merge", new MergeVertex(), "match", "candEmbedding", FEAT)
                .addLayer("dense", new DenseLayer.Builder().nIn(2 * d + LiveSequenceNet.FEATURES).nOut(p.dense())
                        .activation(Activation.RELU).build(), "merge")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(p.dense()).nOut(1)
                        .activation(Activation.SIGMOID).build(), "dense")
                .setOutputs("out")
                .build();
        var net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /** The network's inputs for the given rows: sequences [n, L], candidates [n, 1], features [n, F]. */
    static INDArray[] inputs(Rows r, int[] rows) {
        int l = LiveSequenceNet.SEQUENCE_LENGTH;
        int f = LiveSequenceNet.FEATURES;
        float[] seq = new float[rows.length * l];
        float[] cand = new float[rows.length];
        float[] feat = new float[rows.length * f];
        for (int i = 0; i < rows.length; i++) {
            int row = rows[i];
            int[] s = r.sequences().get(r.example()[row]);
            for (int t = 0; t < l; t++) {
                seq[i * l + t] = s[t];
            }
            cand[i] = r.candidate()[row];
            System.arraycopy(r.features(), row * f, feat, i * f, f);
        }
        return new INDArray[] {Nd4j.create(seq, new long[] {rows.length, l}, 'c'),
                Nd4j.create(cand, new long[] {rows.length, 1}, 'c'), Nd4j.create(feat, new long[] {rows.length, f},
                'c')};
    }

    /** Trains with progress lines (epoch, loss, rows/s, ETA) and returns the plain-Java network. */
    static LiveSequenceNet train(Rows r, SequenceParams p) {
        return export(fit(r, p), r.vocabulary(), p);
    }

    static ComputationGraph fit(Rows r, SequenceParams p) {
        // one native thread, as for the neural model: OpenMP's spinning threads are slower on 2 shared cores
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        ComputationGraph net = network(p, r.vocabulary().length);
        var random = new Random(p.seed());
        int[] order = IntStream.range(0, r.size()).toArray();
        long total = (long) p.epochs() * r.size();
        long done = 0;
        long t0 = System.nanoTime();
        long lastReport = t0;
        for (int epoch = 1; epoch <= p.epochs(); epoch++) {
            shuffle(order, random);
            double lossSum = 0;
            int batches = 0;
            for (int from = 0; from < order.length; from += p.batchSize()) {
                int[] rows = Arrays.copyOfRange(order, from, Math.min(order.length, from + p.batchSize()));
                float[] y = new float[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    y[i] = r.label()[rows[i]];
                }
                net.fit(inputs(r, rows), new INDArray[] {Nd4j.create(y, new long[] {rows.length, 1}, 'c')});
                lossSum += net.score();
                batches++;
                done += rows.length;
                long now = System.nanoTime();
                if (now - lastReport > 10_000_000_000L || from + p.batchSize() >= order.length) {
                    lastReport = now;
                    double rate = done / ((now - t0) / 1e9);
                    CONSOLE.info("sequence: epoch {}/{} {}% loss {} {} rows/s ETA {}s", epoch, p.epochs(),
                            Math.round(100.0 * (from + rows.length) / order.length),
                            String.format(Locale.ROOT, "%.4f", lossSum / batches), Math.round(rate),
                            Math.round((total - done) / rate));
                }
            }
        }
        return net;
    }

    /** Export: the graph's weights in the plain-Java layout (row-major [in][out]). */
    static LiveSequenceNet export(ComputationGraph net, String[] vocabulary, SequenceParams p) {
        return new LiveSequenceNet(vocabulary, p.dim(), p.dense(), param(net, "seqEmbedding", "W"),
                param(net, "lstm", "W"), param(net, "lstm", "RW"), param(net, "lstm", "b"),
                param(net, "candEmbedding", "W"), param(net, "dense", "W"), param(net, "dense", "b"),
                param(net, "out", "W"), param(net, "out", "b")[0]);
    }

    private static float[] param(ComputationGraph net, String layer, String name) {
        return net.getLayer(layer).getParam(name).dup('c').data().asFloat();
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
